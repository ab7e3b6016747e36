/** Every message in both languages, with matching placeholders, and every key the code uses present. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEVELS } from '../../src/core/types.ts';
import { levelKey } from '../../src/shared/verdict-text.ts';

interface Entry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

const ROOT = resolve(import.meta.dirname, '../..');
const load = (lang: string) => JSON.parse(readFileSync(join(ROOT, '_locales', lang, 'messages.json'), 'utf8')) as Record<string, Entry>;
const fr = load('fr');
const en = load('en');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

/** Placeholder names a message uses ($NAME$), lower-cased as Chrome matches them. */
function usedPlaceholders(message: string): string[] {
  return [...message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[1]!.toLowerCase()).sort();
}

describe('locales', () => {
  it('French and English have exactly the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
  });

  it('no message is empty', () => {
    for (const [lang, catalog] of [['fr', fr], ['en', en]] as const) {
      for (const [key, entry] of Object.entries(catalog)) expect(entry.message.trim(), `${lang} ${key}`).not.toBe('');
    }
  });

  it('placeholders match between languages, are all declared and all used', () => {
    for (const key of Object.keys(fr)) {
      const a = fr[key]!;
      const b = en[key];
      expect(b, key).toBeDefined();
      const declared = Object.keys(a.placeholders ?? {}).sort();
      expect(Object.keys(b!.placeholders ?? {}).sort(), `${key}: placeholder names`).toEqual(declared);
      for (const name of declared) expect(b!.placeholders![name]!.content, `${key}.${name}`).toBe(a.placeholders![name]!.content);
      expect([...new Set(usedPlaceholders(a.message))], `${key}: fr uses what it declares`).toEqual(declared);
      expect([...new Set(usedPlaceholders(b!.message))], `${key}: en uses what it declares`).toEqual(declared);
    }
  });

  it('every key the code names exists', () => {
    const files = sourceFiles(join(ROOT, 'src'));
    expect(files.length).toBeGreaterThan(10);
    const used = new Set<string>();
    const prefixes = /^(popup|options|about|why|evidence|qual|third|health|action|state|todo|report|key|welcome|law|forYou)_/;
    const plurals = new Set<string>();
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      // translateCount(lang, 'base', ...) names a family of plural forms: its `_other` form must exist.
      for (const m of text.matchAll(/translateCount\([^,()]+,\s*'([A-Za-z0-9_]+)'/g)) plurals.add(m[1]!);
      // translate(lang, 'key', ...) anywhere, and key-shaped literals of the UI families (maps of MessageKey).
      for (const m of text.matchAll(/translate\([^,()]+,\s*'([A-Za-z0-9_]+)'/g)) used.add(m[1]!);
      for (const m of text.matchAll(/'([a-z]+_[A-Za-z0-9_]+)'/g)) if (prefixes.test(m[1]!) && !plurals.has(m[1]!)) used.add(m[1]!);
    }
    for (const base of plurals) {
      used.delete(base);
      used.add(`${base}_one`);
      used.add(`${base}_other`);
    }
    expect(plurals.size).toBeGreaterThanOrEqual(5);
    for (const level of LEVELS) for (const family of ['level', 'verdict', 'badgeText', 'key', 'forYou'] as const) used.add(levelKey(family, level));
    const missing = [...used].filter((key) => !(key in fr));
    expect(missing).toEqual([]);
    expect(used.size).toBeGreaterThan(100);
  });

  it('the manifest names only messages that exist', () => {
    const manifest = readFileSync(join(ROOT, 'manifest.json'), 'utf8');
    for (const m of manifest.matchAll(/__MSG_([A-Za-z0-9_]+)__/g)) expect(fr, m[1]).toHaveProperty(m[1]!);
  });
});
