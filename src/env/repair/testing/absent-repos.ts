import { setuptoolsRepo } from '../../test-fixtures.js';

/** A project whose `test` extra lists `deps`, beside tests in `tests/` (a passing one is always there). */
function extraRepo(pkg: string, salt: string, deps: string[], tests: Record<string, string>) {
  const extra = [
    '[project.optional-dependencies]',
    `test = [${['pytest', ...deps].map((d) => `"${d}"`).join(', ')}]`,
  ];
  return { ...setuptoolsRepo(pkg, salt, extra), ...tests };
}

/** `mock` (absent from the index) in the test extra; the tests only import it optionally, as pytest-mock's do. */
export function optionalImportRepo(salt: string): Record<string, string> {
  return extraRepo('optcalc', salt, ['mock'], { 'tests/test_optional.py': OPTIONAL_MOCK_TEST });
}

const OPTIONAL_MOCK_TEST =
  'import pytest\n\ntry:\n    import mock\nexcept ImportError:\n    mock = None\n\n\n' +
  'def test_standalone_mock():\n    pytest.importorskip("mock")\n    import mock as standalone\n\n' +
  '    assert standalone is mock\n';

/**
 * attrs' case: `mock` (absent, imported optionally) in the test extra beside the project's own
 * `owncalc[typing]`, so pip names the project as the parent: `mock; extra == "test" (from owncalc[test])`.
 */
export function ownExtraRepo(salt: string): Record<string, string> {
  const extra = [
    '[project.optional-dependencies]',
    'test = ["pytest", "mock", "owncalc[typing]"]',
    'typing = []',
  ];
  return { ...setuptoolsRepo('owncalc', salt, extra), 'tests/test_optional.py': OPTIONAL_MOCK_TEST };
}

/** `mock` (absent from the index) in the test extra, and conftest.py imports it: the tests need it. */
export function hardImportRepo(salt: string): Record<string, string> {
  return extraRepo('hardcalc', salt, ['mock'], { 'tests/conftest.py': 'import mock\n' });
}

/** pytest-benchmark in the test extra: the index has it, not its requirement py-cpuinfo2 (pluggy's case). */
export function transitiveRepo(salt: string): Record<string, string> {
  return extraRepo('benchcalc', salt, ['pytest-benchmark'], {});
}

/**
 * Dev requirements naming three dev tools the index lacks (diff-cover pinned, towncrier, covdefaults),
 * and flake8, which the tests import, beside a pinned test dependency the index has another release of.
 */
export function devToolsRepo(salt: string): Record<string, string> {
  return {
    ...setuptoolsRepo('toolcalc', salt),
    'requirements-dev.txt': 'pytest\ndiff-cover>=10.2\npytest-mock==0.0.1\ntowncrier\nflake8\ncovdefaults\n',
    'tests/test_style.py': 'import flake8\n\n\ndef test_flake8_version():\n    assert flake8.__version__\n',
  };
}
