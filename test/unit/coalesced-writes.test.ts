/** storage.session writes merged per turn (src/platform/coalesced-writes.ts): fewer calls, never a lost write. */
import { describe, expect, it } from 'vitest';
import { coalescedWrites } from '../../src/platform/coalesced-writes.ts';

function store(refuse: (items: Record<string, unknown>) => boolean = () => false) {
  const data = new Map<string, unknown>();
  const calls: Record<string, unknown>[] = [];
  const writes = coalescedWrites(async (items) => {
    calls.push(items);
    if (refuse(items)) throw new Error('QUOTA_BYTES quota exceeded');
    for (const [k, v] of Object.entries(items)) data.set(k, v);
  });
  return { data, calls, writes };
}

describe('coalesced storage writes', () => {
  it('writes made in the same turn go in one call, the later value of a key winning', async () => {
    const { data, calls, writes } = store();
    await Promise.all([writes.set({ 'tab:1': 'a' }), writes.set({ 'observed-tabs': [1] }), writes.set({ 'tab:1': 'b' })]);
    expect(calls).toHaveLength(1);
    expect(Object.fromEntries(data)).toEqual({ 'tab:1': 'b', 'observed-tabs': [1] });
  });

  it('writes of different turns stay apart', async () => {
    const { calls, writes } = store();
    await writes.set({ a: 1 });
    await writes.set({ b: 2 });
    expect(calls).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('a refused merged write is made again caller by caller: only the caller that does not fit fails', async () => {
    const { data, writes } = store((items) => 'big' in items);
    const results = await Promise.allSettled([writes.set({ big: 'x'.repeat(100) }), writes.set({ 'observed-tabs': [4] })]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    expect(Object.fromEntries(data)).toEqual({ 'observed-tabs': [4] });
  });

  it('a key removed after a write of the same turn is not written back', async () => {
    const { data, writes } = store();
    const written = writes.set({ 'tab:9': 'report', other: 1 });
    writes.forget('tab:9');
    await written;
    expect(Object.fromEntries(data)).toEqual({ other: 1 });
  });
});
