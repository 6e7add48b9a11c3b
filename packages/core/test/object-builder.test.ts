import { describe, expect, it } from 'vitest';
import { objectBuilder, type BuiltProperty } from '../src/object-builder.js';

const PROPERTIES: BuiltProperty[] = [
  { key: 'id', from: 0, read: 'id' },
  { key: 'when', from: 0, read: 'createdAt', map: (v) => (v as Date).toISOString() },
  { key: 'total', from: 1, read: 'sum' },
  // A later property of the same key keeps the first one's place and takes its value (as a literal does).
  { key: 'id', from: 1, read: 'id' },
  { key: 'whole', from: 2 },
  { key: 'quoted "key" \\ ok', from: 0, read: 'odd "name"' },
  { key: 'missing', from: 0, read: 'absent', map: (v) => v ?? null },
];

describe('objectBuilder', () => {
  for (const compile of [true, false]) {
    it(`builds one key order from the arguments, maps applied (${compile ? 'compiled' : 'loop'})`, () => {
      const build = objectBuilder(PROPERTIES, { compile });
      const out = build({ id: 1, createdAt: new Date('2024-01-02T03:04:05Z'), 'odd "name"': 'x' }, { sum: 7, id: 2 }, ['a']);
      expect(Object.keys(out)).toEqual(['id', 'when', 'total', 'whole', 'quoted "key" \\ ok', 'missing']);
      expect(out).toEqual({ id: 2, when: '2024-01-02T03:04:05.000Z', total: 7, whole: ['a'], 'quoted "key" \\ ok': 'x', missing: null });
    });
  }

  it('gives the same objects compiled and as a loop', () => {
    const args = [{ id: 5, createdAt: new Date(0) }, { sum: 0, id: 9 }, null];
    expect(JSON.stringify(objectBuilder(PROPERTIES)(...args))).toBe(JSON.stringify(objectBuilder(PROPERTIES, { compile: false })(...args)));
  });
});
