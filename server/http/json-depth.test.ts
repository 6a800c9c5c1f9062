import { describe, expect, it } from 'vitest';
import { jsonTooDeep, MAX_JSON_DEPTH } from './json-depth.ts';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('jsonTooDeep', () => {
  it('accepts nesting up to the limit and ordinary payloads', () => {
    expect(jsonTooDeep(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(jsonTooDeep('{"venues":[{"name":"甲县","level":"县","parent":null}]}')).toBe(false);
    expect(jsonTooDeep('')).toBe(false);
  });

  it('refuses one level more, objects and arrays alike, however large the input', () => {
    expect(jsonTooDeep(nested(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(jsonTooDeep('{"a":'.repeat(MAX_JSON_DEPTH + 1) + '1' + '}'.repeat(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(jsonTooDeep(nested(3), 2)).toBe(true);
    // The 960 KB of the measured attack (issue 13 #3).
    expect(jsonTooDeep(nested(480_000))).toBe(true);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    expect(jsonTooDeep(JSON.stringify({ title: '['.repeat(100) }))).toBe(false);
    expect(jsonTooDeep(JSON.stringify({ title: 'say \\"[[[[' + '['.repeat(100) }))).toBe(false);
    // After the string ends, brackets count again.
    expect(jsonTooDeep(`["[[[[", ${nested(MAX_JSON_DEPTH)}]`)).toBe(true);
  });
});
