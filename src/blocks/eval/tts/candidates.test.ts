import { describe, expect, it } from 'vitest';
import { normalizePatch } from './candidates.js';

describe('normalizePatch', () => {
  const a =
    'diff --git a/a.py b/a.py\nindex 1234abc..5678def 100644\n--- a/a.py\n+++ b/a.py\n@@ -1 +1 @@\n-x\n+y  \n';
  const b = 'diff --git a/b.py b/b.py\n--- a/b.py\n+++ b/b.py\n@@ -1 +1 @@\n-p\n+q\n';

  it('ignores index lines, trailing blanks, CRLF and file order', () => {
    const crlf = (b + a.replace('index 1234abc..5678def', 'index 9999999..0000000')).replace(/\n/g, '\r\n');
    expect(normalizePatch(crlf)).toBe(normalizePatch(a + b));
    expect(normalizePatch(a + b)).not.toContain('index ');
  });

  it('keeps real differences and maps blank patches to empty', () => {
    expect(normalizePatch(a)).not.toBe(normalizePatch(a.replace('+y', '+z')));
    expect(normalizePatch('')).toBe('');
    expect(normalizePatch('\n  \n')).toBe('');
  });
});
