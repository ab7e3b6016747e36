/**
 * `tldts`'s suffix trie module (`dist/es6/src/data/trie.js`, four typed arrays written as array literals of 22,000
 * numbers, and a string) rewritten with the same arrays as base64 strings, read from the installed package at build
 * time (vite.config.ts): an engine scans a string far faster than it parses an array literal and builds the array,
 * which a cold worker does before its first verdict (BENCHMARKS.md, cold start sixth pass). Decoded with the native
 * `Uint8Array.fromBase64` (Chromium 140+, Firefox 133+), else `atob`.
 */
import { pathToFileURL } from 'node:url';

/** The module this rewrites, by its resolved path. */
export const TLDTS_TRIE_MODULE = /[\\/]tldts[\\/]dist[\\/]es6[\\/]src[\\/]data[\\/]trie\.js$/;

/** The module's code with every typed array as base64 (little-endian, as every browser Vigie runs in). */
export async function trieModuleAsBase64(path: string): Promise<string> {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('tldts trie: a big-endian build machine would write the arrays in the wrong byte order');
  const trie = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  const lines = ['const bytes = (base64) => (Uint8Array.fromBase64 ? Uint8Array.fromBase64(base64) : Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));'];
  for (const [name, value] of Object.entries(trie)) {
    if (value instanceof Uint8Array || value instanceof Uint16Array || value instanceof Uint32Array || value instanceof Int32Array) {
      const base64 = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
      lines.push(`export const ${name} = new ${value.constructor.name}(bytes(${JSON.stringify(base64)}).buffer);`);
    } else if (typeof value === 'string' || typeof value === 'number') {
      lines.push(`export const ${name} = ${JSON.stringify(value)};`);
    } else {
      throw new Error(`tldts trie: unexpected export ${name}`);
    }
  }
  return lines.join('\n');
}
