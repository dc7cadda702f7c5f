import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { canonicalJson, formatIssues } from './json.js';

describe('canonicalJson', () => {
  it('sorts object keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('gives equal text for objects that differ only in key order', () => {
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });
});

describe('formatIssues', () => {
  it('names each failing path, and (root) for the value itself', () => {
    const nested = z
      .object({ a: z.object({ b: z.string() }), n: z.number() })
      .safeParse({ a: { b: 1 }, n: 'x' });
    expect(nested.success).toBe(false);
    expect(formatIssues(nested.error!)).toBe(
      'a.b: Invalid input: expected string, received number; n: Invalid input: expected number, received string',
    );
    const root = z.string().safeParse(3);
    expect(formatIssues(root.error!)).toBe('(root): Invalid input: expected string, received number');
  });
});
