/**
 * The judge's pytest plugin, written into the sandbox's private temp dir and loaded with `-p` through
 * PYTEST_ADDOPTS before any conftest or project module. It reads its key from `$LF_JUDGE_DIR/key` and
 * deletes the file at import, removes LF_JUDGE_DIR from the environment, snapshots the functions and
 * classes of pytest's outcome-deciding modules once the installed plugins are loaded, records each test's
 * outcome by node id, and writes `report.json` (HMAC-SHA256 of the body on the first line) only at
 * session end, listing what of pytest's own code was changed at run time.
 */
export const pytestPluginSource = String.raw`"""LegoFactory's judge plugin: writes a signed report of the session's outcomes when it finishes."""
import os as _os

_dir = _os.environ.pop("LF_JUDGE_DIR", "")
_key = b""
try:
    with open(_os.path.join(_dir, "key"), "rb") as _f:
        _key = _f.read().strip()
    _os.unlink(_os.path.join(_dir, "key"))
except OSError:
    pass

import hmac as _hmac
import importlib as _importlib
import json as _json
import sys as _sys

import pytest as _pytest_api

_sign = _hmac.new
_dumps = _json.dumps
_replace = _os.replace
_join = _os.path.join
_open = open
_sorted = sorted
_watched = []
for _name in (
    "_pytest.runner",
    "_pytest.reports",
    "_pytest.python",
    "_pytest.main",
    "_pytest.nodes",
    "_pytest.fixtures",
    "_pytest.skipping",
    "_pytest.outcomes",
    "_pytest.unittest",
    "_pytest.assertion.rewrite",
    "_pytest.assertion.util",
    "unittest.case",
    "pluggy",
):
    try:
        _watched.append(_importlib.import_module(_name))
    except ImportError:
        pass
_watched += [m for n, m in _sorted(_sys.modules.items()) if n.startswith("pluggy.")]

def _members(module):
    found = {}
    for name, value in list(vars(module).items()):
        if name.startswith("__"):
            continue
        if isinstance(value, type) and getattr(value, "__module__", None) == module.__name__:
            for attr, inner in list(vars(value).items()):
                if not attr.startswith("__") or attr in ("__call__", "__init__", "__new__"):
                    found[module.__name__ + "." + name + "." + attr] = inner
            found[module.__name__ + "." + name] = value
        elif callable(value):
            found[module.__name__ + "." + name] = value
    return found


def _snapshot():
    found = {}
    for module in _watched:
        found.update(_members(module))
    return found


_before = {}
_results = []
_collect_errors = []


@_pytest_api.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config):
    _before.update(_snapshot())


def pytest_runtest_logreport(report):
    xfail = hasattr(report, "wasxfail")
    if report.when == "call":
        if report.passed:
            status = "PASSED"
        elif report.failed:
            status = "FAILED"
        else:
            status = "XFAIL" if xfail else "SKIPPED"
    elif report.failed:
        status = "ERROR"
    elif report.skipped:
        status = "XFAIL" if xfail else "SKIPPED"
    else:
        return
    _results.append([report.nodeid, status])


def pytest_collectreport(report):
    if report.failed:
        _collect_errors.append(report.nodeid)


def _changed():
    after = _snapshot()
    missing = object()
    return _sorted(n for n, v in _before.items() if after.get(n, missing) is not v)


@_pytest_api.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    if hasattr(session.config, "workerinput"):
        return
    body = _dumps(
        {
            "exitstatus": int(exitstatus),
            "tests": _results,
            "collect_errors": _collect_errors,
            "changed": _changed() if _before else ["(no snapshot: the plugin loaded too late)"],
        }
    ).encode("utf-8")
    mac = _sign(_key, body, "sha256").hexdigest().encode("ascii")
    path = _join(_dir, "report.json")
    with _open(path + ".part", "wb") as out:
        out.write(mac + b"\n" + body)
    _replace(path + ".part", path)
`;
