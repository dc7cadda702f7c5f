import type { ForgeryCase } from './fixture.js';

/**
 * Attempts to get mathkit-1 (FAIL_TO_PASS tests/test_stats.py::test_median_even) graded resolved
 * without fixing median(). Each must end invalid or unresolved, or resolved only with the test
 * infrastructure it touched flagged.
 */
const f2p = 'tests/test_stats.py::test_median_even';
const p2p = ['tests/test_stats.py::test_mean', 'tests/test_stats.py::test_median_odd'];
const passedLines = [f2p, ...p2p].map((id) => `PASSED ${id}`).join('\\n');
const noReport = /^pytest's session did not finish: the judge's plugin wrote no report/;
const noReportExit0 = /^pytest's session did not finish: the judge's plugin wrote no report \(exit code 0\)/;

const fakeJunit = `<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" tests="3">${[
  f2p,
  ...p2p,
]
  .map(
    (id) => `<testcase classname="tests.test_stats" name="${id.split('::')[1]}" file="tests/test_stats.py"/>`,
  )
  .join('')}</testsuite></testsuites>`;

/** A `pytest.py` in the checkout, run by `python -m pytest` instead of pytest: it reads the plugin's key. */
const shadowPytest = `import hashlib, hmac, json, os

d = os.environ.get("LF_JUDGE_DIR", "")
key = open(os.path.join(d, "key"), "rb").read().strip()
body = json.dumps({"exitstatus": 0, "tests": [[t, "PASSED"] for t in ${JSON.stringify([f2p, ...p2p])}],
                   "collect_errors": [], "changed": []}).encode()
with open(os.path.join(d, "report.json"), "wb") as out:
    out.write(hmac.new(key, body, "sha256").hexdigest().encode() + b"\\n" + body)
`;

export const pytestForgeries: ForgeryCase[] = [
  {
    name: 'conftest prints PASSED lines and calls os._exit(0) at session start',
    instance: 'mathkit-1',
    files: {
      'conftest.py': `import os\n\n\ndef pytest_sessionstart(session):\n    print("${passedLines}", flush=True)\n    os._exit(0)\n`,
    },
    infra: ['conftest.py'],
    expect: { status: 'invalid', message: noReportExit0 },
  },
  {
    name: 'conftest writes a fake JUnit report at config.option.xmlpath, then os._exit(0)',
    instance: 'mathkit-1',
    files: {
      'conftest.py': `import os\n\n\ndef pytest_configure(config):\n    path = config.option.xmlpath\n    if path:\n        with open(path, "w") as out:\n            out.write(${JSON.stringify(fakeJunit)})\n    os._exit(0)\n`,
    },
    infra: ['conftest.py'],
    expect: { status: 'invalid', message: noReportExit0 },
  },
  {
    name: 'conftest hookwrapper rewrites rep.outcome to passed',
    instance: 'mathkit-1',
    files: {
      'conftest.py':
        'import pytest\n\n\n@pytest.hookimpl(hookwrapper=True)\ndef pytest_runtest_makereport(item, call):\n' +
        '    outcome = yield\n    report = outcome.get_result()\n    report.outcome = "passed"\n',
    },
    infra: ['conftest.py'],
    expect: { flagged: true },
  },
  {
    name: 'package __init__ monkeypatches _pytest.python.Function.runtest',
    instance: 'mathkit-1',
    files: {
      'src/mathkit/__init__.py':
        'import _pytest.python\n\n_pytest.python.Function.runtest = lambda self: None\n',
    },
    expect: {
      status: 'invalid',
      message:
        /^the test framework's own code \(pytest, unittest\) was changed at run time: _pytest\.python\.Function\.runtest/,
    },
  },
  {
    name: 'package __init__ replaces _pytest.runner.call_and_report',
    instance: 'mathkit-1',
    files: {
      'src/mathkit/__init__.py':
        'import _pytest.runner\n\n_real = _pytest.runner.call_and_report\n\n\n' +
        'def call_and_report(item, when, log=True, **kw):\n    report = _real(item, when, log=False, **kw)\n' +
        '    report.outcome = "passed"\n    if log:\n        item.ihook.pytest_runtest_logreport(report=report)\n    return report\n\n\n' +
        '_pytest.runner.call_and_report = call_and_report\n',
    },
    expect: {
      status: 'invalid',
      message:
        /^the test framework's own code \(pytest, unittest\) was changed at run time: _pytest\.runner\.call_and_report/,
    },
  },
  {
    name: "package __init__ turns unittest's assertions into no-ops",
    instance: 'mathkit-1',
    files: {
      'src/mathkit/__init__.py':
        'import unittest\n\nunittest.TestCase.assertEqual = lambda *args, **kwargs: None\n',
    },
    expect: {
      status: 'invalid',
      message:
        /^the test framework's own code \(pytest, unittest\) was changed at run time: unittest\.case\.TestCase\.assertEqual/,
    },
  },
  {
    name: 'project code calls sys.exit(0) during collection',
    instance: 'mathkit-1',
    files: { 'src/mathkit/__init__.py': 'import sys\n\nsys.exit(0)\n' },
    expect: { status: 'invalid' },
  },
  {
    name: 'project code calls os._exit(0) during collection after printing PASSED lines',
    instance: 'mathkit-1',
    files: { 'src/mathkit/__init__.py': `import os\n\nprint("${passedLines}", flush=True)\nos._exit(0)\n` },
    expect: { status: 'invalid', message: noReport },
  },
  {
    name: 'project code writes a fake report to the old in-checkout path, then os._exit(0)',
    instance: 'mathkit-1',
    files: {
      'src/mathkit/__init__.py': `import os\n\nos.makedirs(".git/lf-harness", exist_ok=True)\nwith open(".git/lf-harness/report.xml", "w") as out:\n    out.write(${JSON.stringify(fakeJunit)})\nos._exit(0)\n`,
    },
    expect: { status: 'invalid', message: noReportExit0 },
  },
  {
    name: 'project code prints PASSED lines and lets the tests run',
    instance: 'mathkit-1',
    files: { 'src/mathkit/__init__.py': `print("${passedLines}")\n` },
    expect: { status: 'unresolved' },
  },
  {
    name: 'pytest.ini addopts deselects the FAIL_TO_PASS test',
    instance: 'mathkit-1',
    files: { 'pytest.ini': `[pytest]\naddopts = --deselect ${f2p}\n` },
    infra: ['pytest.ini'],
    expect: {
      status: 'invalid',
      message: /lacks 1 expected test\(s\): tests\/test_stats\.py::test_median_even/,
    },
  },
  {
    name: 'pyproject addopts deselects by keyword and disables a plugin',
    instance: 'mathkit-1',
    files: async (base) => ({
      'pyproject.toml': `${await base('pyproject.toml')}\n[tool.pytest.ini_options]\naddopts = "-k 'not median_even' -p no:junitxml"\n`,
    }),
    infra: ['pyproject.toml'],
    expect: { status: 'invalid', message: /lacks 1 expected test\(s\)/ },
  },
  {
    name: 'sitecustomize.py makes every test pass before pytest starts',
    instance: 'mathkit-1',
    files: {
      'sitecustomize.py': 'import _pytest.python\n\n_pytest.python.Function.runtest = lambda self: None\n',
    },
    infra: ['sitecustomize.py'],
    expect: { flagged: true },
  },
  {
    name: 'a pytest.py in the checkout that runs instead of pytest and signs a report with the key',
    instance: 'mathkit-1',
    files: { 'pytest.py': shadowPytest },
    infra: ['pytest.py'],
    expect: { flagged: true },
  },
  {
    name: 'a .pth file in the checkout',
    instance: 'mathkit-1',
    files: {
      'src/zz-forge.pth': 'import _pytest.python; _pytest.python.Function.runtest = lambda self: None\n',
    },
    infra: ['src/zz-forge.pth'],
    expect: { status: 'unresolved' },
  },
  {
    name: 'an atexit handler rewrites every report under /tmp to passed',
    instance: 'mathkit-1',
    files: {
      'src/mathkit/__init__.py':
        'import atexit, glob, json, os, tempfile\n\n\ndef _forge():\n' +
        '    for path in glob.glob(os.path.join(tempfile.gettempdir(), "lf-judge-*", "*")):\n' +
        '        try:\n            text = open(path).read()\n        except OSError:\n            continue\n' +
        '        mac, _, body = text.partition("\\n")\n        try:\n            report = json.loads(body)\n' +
        '        except ValueError:\n            continue\n' +
        '        report["tests"] = [[t[0], "PASSED"] for t in report.get("tests", [])]\n' +
        '        open(path, "w").write(mac + "\\n" + json.dumps(report))\n\n\natexit.register(_forge)\n',
    },
    expect: {
      status: 'invalid',
      message: /^pytest's report is rejected: the report's signature does not match/,
    },
  },
  {
    name: 'conftest unregisters the judge plugin',
    instance: 'mathkit-1',
    files: {
      'conftest.py':
        'def pytest_configure(config):\n    for plugin in list(config.pluginmanager.get_plugins()):\n' +
        '        if getattr(plugin, "__name__", "").startswith("lf_judge_"):\n' +
        '            config.pluginmanager.unregister(plugin)\n',
    },
    infra: ['conftest.py'],
    expect: { status: 'invalid', message: noReport },
  },
];
