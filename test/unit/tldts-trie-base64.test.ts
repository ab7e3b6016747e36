import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TLDTS_TRIE_MODULE, trieModuleAsBase64 } from '../../scripts/tldts-trie-base64.ts';

describe("tldts's suffix trie as base64 (vite.config.ts)", () => {
  it('gives every export of the installed module, the same type and the same values', async () => {
    const path = join(dirname(createRequire(import.meta.url).resolve('tldts/package.json')), 'dist/es6/src/data/trie.js');
    expect(TLDTS_TRIE_MODULE.test(path)).toBe(true);
    const original = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    const dir = mkdtempSync(join(tmpdir(), 'vigie-trie-'));
    try {
      const code = await trieModuleAsBase64(path);
      expect(code).not.toMatch(/Array\(\[/);
      writeFileSync(join(dir, 'trie.mjs'), code);
      const rewritten = (await import(pathToFileURL(join(dir, 'trie.mjs')).href)) as Record<string, unknown>;
      expect(Object.keys(rewritten).sort()).toEqual(Object.keys(original).sort());
      for (const [name, value] of Object.entries(original)) {
        expect(rewritten[name]?.constructor, name).toBe(value?.constructor);
        expect(rewritten[name], name).toEqual(value);
      }
      expect(Object.values(original).some((v) => v instanceof Uint16Array && v.length > 10_000)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
