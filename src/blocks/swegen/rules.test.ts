import { describe, expect, it } from 'vitest';
import { globToRegExp } from './glob.js';
import { fileClassifier, MineRules } from './rules.js';

describe('globToRegExp', () => {
  it.each([
    ['**/tests/**', 'tests/a.py', true],
    ['**/tests/**', 'pkg/tests/sub/a.py', true],
    ['**/tests/**', 'pkg/testsuite/a.py', false],
    ['test_*.py', 'pkg/test_a.py', true],
    ['test_*.py', 'pkg/test_a.pyc', false],
    ['*.{test,spec}.{ts,js}', 'src/a.spec.js', true],
    ['*.{test,spec}.{ts,js}', 'src/a.tests.js', false],
    ['/docs/*.md', 'docs/a.md', true],
    ['/docs/*.md', 'x/docs/a.md', false],
    ['a+b(1).py', 'a+b(1).py', true],
  ])('%s matches %s: %s', (glob, path, matches) => {
    expect(globToRegExp(glob).test(path)).toBe(matches);
  });
});

describe('fileClassifier with the default rules', () => {
  it('tells vendored, test, doc and code files apart, vendored first', () => {
    const kindOf = fileClassifier(MineRules.parse({}));
    const paths = [
      'src/calc.py',
      'tests/test_calc.py',
      'pkg/calc_test.py',
      'conftest.py',
      'src/__tests__/a.ts',
      'src/words.test.ts',
      'spec/models/user_spec.rb',
      'src/main/java/AppTest.java',
      'cmd/run_test.go',
      'README.md',
      'docs/index.rst',
      'vendor/tests/test_x.py',
      'static/app.min.js',
      'requirements.txt',
      'src/testing.py',
    ];
    expect(Object.fromEntries(paths.map((p) => [p, kindOf(p)]))).toEqual({
      'src/calc.py': 'code',
      'tests/test_calc.py': 'test',
      'pkg/calc_test.py': 'test',
      'conftest.py': 'test',
      'src/__tests__/a.ts': 'test',
      'src/words.test.ts': 'test',
      'spec/models/user_spec.rb': 'test',
      'src/main/java/AppTest.java': 'test',
      'cmd/run_test.go': 'test',
      'README.md': 'doc',
      'docs/index.rst': 'doc',
      'vendor/tests/test_x.py': 'vendored',
      'static/app.min.js': 'vendored',
      'requirements.txt': 'code',
      'src/testing.py': 'code',
    });
  });
});
