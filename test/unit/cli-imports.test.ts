import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../src/cli/', import.meta.url));

/** Relative imports of a module, type-only and dynamic ones included: a cycle of types is still a knot to untie. */
function importsOf(source: string): string[] {
  const specifiers = [...source.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g)];
  return specifiers.map((m) => m[1] ?? m[2] ?? '').filter(Boolean);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

/** The import graph of the files under `dir`, edges to files outside it dropped (src/core never imports the CLI). */
function importGraph(dir: string): Map<string, string[]> {
  const files = sourceFiles(dir);
  const inside = new Set(files);
  return new Map(files.map((file) => [file, importsOf(readFileSync(file, 'utf8')).map((s) => resolve(dirname(file), s)).filter((t) => inside.has(t))]));
}

/** Every cycle found by a depth-first walk, each as the list of files around it. */
export function findCycles(graph: Map<string, string[]>): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return cycles;
}

describe('src/cli imports', () => {
  it('form no cycle (static, type-only and dynamic imports)', () => {
    const graph = importGraph(CLI);
    expect(graph.size).toBeGreaterThan(15);
    const cycles = findCycles(graph).map((cycle) => cycle.map((f) => relative(CLI, f)).join(' -> '));
    expect(cycles).toEqual([]);
  });

  it('lookup and classify depend on nothing of audit (shared parts live in src/cli itself)', () => {
    const graph = importGraph(CLI);
    const reachable = (start: string): Set<string> => {
      const seen = new Set<string>();
      const walk = (file: string): void => {
        for (const next of graph.get(file) ?? []) {
          if (seen.has(next)) continue;
          seen.add(next);
          walk(next);
        }
      };
      walk(start);
      return seen;
    };
    for (const command of ['lookup.ts', 'classify.ts']) {
      const inAudit = [...reachable(join(CLI, command))].map((f) => relative(CLI, f)).filter((f) => f.startsWith('audit'));
      expect(inAudit, command).toEqual([]);
    }
  });

  it('the detector finds a cycle when there is one, through any kind of import', () => {
    const a = 'import type { B } from "./b.ts";\n';
    const b = 'export const load = () => import("./c.ts");\n';
    const c = "import { a } from './a.ts';\n";
    expect(importsOf(a)).toEqual(['./b.ts']);
    expect(importsOf(b)).toEqual(['./c.ts']);
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(findCycles(graph)).toEqual([['a', 'b', 'c', 'a']]);
    expect(importsOf(c)).toEqual(['./a.ts']);
  });
});
