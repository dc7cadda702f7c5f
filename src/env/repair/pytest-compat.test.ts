import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../repos/test-repo.js';
import { EnvSpec } from '../../schema/env.js';
import { pytestCompat } from './pytest-compat.js';
import { setuptoolsRepo } from '../test-fixtures.js';
import { expectRuleRepairs } from './testing/expect-rule-repairs.js';
import { pytestCompatRepo } from './testing/repos.js';

let root: string;
const salt = `compat-${Date.now()}`;
beforeAll(async () => {
  root = await tempDir('lf-repair-compat-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('the pytest-compat rule', () => {
  it('fails the check under pytest 9 without the rule; with it installs pytest<9 and passes', async () => {
    const { spec, attempts } = await expectRuleRepairs(root, 'compat', pytestCompatRepo(salt), {
      rule: 'pytest-compat',
      failure: /suite: no tests parsed; first error: collected 1 item \/ 1 error; no repair rule recognises/,
      steps: [
        ['check', false, 'pytest-compat'],
        ['check', true, undefined],
      ],
    });
    expect(spec.install).toEqual([
      'python3 -m venv venv',
      'venv/bin/python -m pip install "$LF_SNAPSHOT[test]" pytest',
      "venv/bin/python -m pip install 'pytest<9'",
    ]);
    expect(attempts[1]?.message).toBe('suite: 2 PASSED');
  });
});

/** A test module imports a private name pytest 9 dropped (flask's tests did, measured in bench/env-success). */
function privatePytestRepo(salt: string): Record<string, string> {
  return {
    ...setuptoolsRepo('privcalc', salt),
    'tests/test_private.py':
      'from _pytest.monkeypatch import notset\n\n\ndef test_notset():\n    assert notset\n',
  };
}

describe('the pytest-compat rule on a private pytest import', () => {
  it('fails collection under pytest 9 without the rule; with it installs the series below the one that ran', async () => {
    const { spec, attempts } = await expectRuleRepairs(root, 'private', privatePytestRepo(salt), {
      rule: 'pytest-compat',
      failure: /cannot import name 'notset' from '_pytest.monkeypatch'.*no repair rule recognises/,
      steps: [
        ['check', false, 'pytest-compat'],
        ['check', true, undefined],
      ],
    });
    expect(attempts[0]?.diagnosis?.subject).toBe('pytest<9');
    expect(spec.install.at(-1)).toBe("venv/bin/python -m pip install 'pytest<9'");
    expect(attempts[1]?.message).toBe('suite: 2 PASSED');
  });
});

describe('the pytest-compat cap', () => {
  const files = { read: () => Promise.resolve(undefined) };
  const spec = EnvSpec.parse({
    language: 'python',
    install: ['python3 -m venv venv', "venv/bin/python -m pip install 'pytest<9'"],
    test_cmd: 'pytest',
    log_parser: 'pytest',
  });
  it('tightens a pytest<9 cap to pytest<8 for a pytest 8 removal, and adds nothing for a pytest 9 one', async () => {
    const warnsNone = "E   TypeError: exceptions must be derived from Warning, not <class 'NoneType'>";
    const older = await pytestCompat.match({ phase: 'check', spec, log: warnsNone, files });
    expect(older?.subject).toBe('pytest<8');
    expect(
      (await pytestCompat.edit(spec, older!, { phase: 'check', spec, log: warnsNone, files }))?.install.at(
        -1,
      ),
    ).toBe("venv/bin/python -m pip install 'pytest<8'");
    const marks = 'E   Failed: Marks cannot be applied to fixtures.';
    const same = await pytestCompat.match({ phase: 'check', spec, log: marks, files });
    expect(pytestCompat.edit(spec, same!, { phase: 'check', spec, log: marks, files })).toBeUndefined();
  });
});
