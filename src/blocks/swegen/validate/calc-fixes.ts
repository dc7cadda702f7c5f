import { scriptRepo } from '../mine/test-history.js';

/** Test fixture: a small pytest repository whose history holds fixes validation must keep or reject. */

const calc = (add: string, mul: string, extra = '') =>
  `def add(a, b):\n    return ${add}\n\n\ndef mul(a, b):\n    return ${mul}\n${extra}`;
const tests = (...bodies: string[]) => `from calc import add, mul\n\n\n${bodies.join('\n\n')}`;
const testMul = 'def test_mul():\n    assert mul(2, 3) == 6\n';
const testAdd = 'def test_add():\n    assert add(2, 3) == 5\n';
const testMulZero = 'def test_mul_zero():\n    assert mul(5, 0) == 0\n';

/** Passes on every other run: the count lives in an ignored file the workdir reset leaves in place. */
const flakyTest = `import pathlib


def test_flaky():
    counter = pathlib.Path(__file__).parent.parent / ".counter"
    n = int(counter.read_text()) if counter.exists() else 0
    counter.write_text(str(n + 1))
    assert n % 2 == 0
`;

/**
 * Commits: `root` (add is buggy); `fixAdd` fixes add (F2P test_add, P2P test_mul); `refactor` changes mul
 * and adds a test that already passed (no FAIL_TO_PASS); `addSub` adds sub with a test and a flaky test;
 * `breakMul` adds div but breaks mul (PASS_TO_FAIL); `later` comes after everything, tagged and branched.
 */
export function buildCalcFixes(dir: string): Promise<Record<string, string>> {
  return scriptRepo(dir, [
    {
      name: 'root',
      message: 'Start calc',
      files: {
        'calc.py': calc('a - b', 'a * b'),
        'conftest.py': '',
        '.gitignore': '.counter\n',
        'tests/test_calc.py': tests(testMul),
      },
    },
    {
      name: 'fixAdd',
      message: 'Fix add',
      files: { 'calc.py': calc('a + b', 'a * b'), 'tests/test_calc.py': tests(testMul, testAdd) },
    },
    {
      name: 'refactor',
      message: 'Refactor mul',
      files: {
        'calc.py': calc('a + b', 'b * a'),
        'tests/test_calc.py': tests(testMul, testAdd, testMulZero),
      },
    },
    {
      name: 'addSub',
      message: 'Add sub',
      files: {
        'calc.py': calc('a + b', 'b * a', '\n\ndef sub(a, b):\n    return a - b\n'),
        'tests/test_sub.py': 'def test_sub():\n    from calc import sub\n\n    assert sub(3, 1) == 2\n',
        'tests/test_flaky.py': flakyTest,
      },
    },
    {
      name: 'breakMul',
      message: 'Add div',
      files: {
        'calc.py': calc(
          'a + b',
          'a + b',
          '\n\ndef sub(a, b):\n    return a - b\n\n\ndef div(a, b):\n    return a / b\n',
        ),
        'tests/test_calc.py': tests(
          testMul,
          testAdd,
          testMulZero,
          'def test_div():\n    from calc import div\n    assert div(6, 3) == 2\n',
        ),
      },
    },
    { name: 'later', message: 'Later work', files: { 'NOTES.md': 'later\n' } },
  ]);
}

/** An environment spec for the fixture that uses the host's python3 and pytest (no plugins): nothing to install. */
export const hostPytestSpec = {
  language: 'python',
  test_cmd: 'python3 -m pytest -rA -p no:cacheprovider -o junit_family=xunit1 --junitxml={junit} {tests}',
  log_parser: 'pytest',
  env: { PYTHONDONTWRITEBYTECODE: '1', PYTEST_DISABLE_PLUGIN_AUTOLOAD: '1' },
};
