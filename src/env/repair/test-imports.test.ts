import { describe, expect, it } from 'vitest';
import { hardImports, importNames, testsNeed } from './test-imports.js';

describe('which modules the tests hard-import', () => {
  it('counts module-level imports, not those in try blocks, functions or importorskip', () => {
    const text = [
      'import os, sys as system',
      'from hypothesis.strategies import integers',
      'from . import helpers',
      'try:',
      '    from pympler.asizeof import asizeof',
      'except ImportError:',
      '    asizeof = None',
      'def test_mock():',
      '    pytest.importorskip("mock")',
      '    import mock',
    ].join('\n');
    expect([...hardImports(text)]).toEqual(['os', 'sys', 'hypothesis']);
  });

  it('names a distribution by its import names, and needs everything when the files cannot be listed', () => {
    expect(importNames('PyYAML')).toEqual(['yaml', 'pyyaml']);
    expect(importNames('pytest-benchmark')).toEqual(['pytest_benchmark']);
    expect(testsNeed(new Set(['yaml']), 'pyyaml')).toBe(true);
    expect(testsNeed(new Set(['hypothesis']), 'Pympler')).toBe(false);
    expect(testsNeed(undefined, 'Pympler')).toBe(true);
  });
});
