import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../repos/test-repo.js';
import { readLedger } from '../ledger.js';
import { expectRuleRepairs } from './testing/expect-rule-repairs.js';
import { extraPinRepo, fixtureSandboxes, unavailablePinRepo } from './testing/repos.js';
import { isDevTool } from './unavailable-pin.js';

let root: string;
const salt = `pin-${Date.now()}`;
beforeAll(async () => {
  root = await tempDir('lf-repair-pin-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('the unavailable-pin rule', () => {
  it('fails to build without the rule; with it drops flake8 and twine, dev tools, in one edit and passes', async () => {
    const { spec, attempts } = await expectRuleRepairs(root, 'pin', unavailablePinRepo(salt), {
      rule: 'unavailable-pin',
      failure:
        /satisfies the requirement flake8==3\.9\.2 \(from versions: 7\.4\.1\).*no repair rule recognises/s,
      steps: [
        ['build', false, 'unavailable-pin'],
        ['check', true, undefined],
      ],
    });
    expect(spec.install).toEqual([
      'python3 -m venv venv',
      "sed -i -E '/^flake8([^-_.a-z0-9]|$)/Id' requirements-dev.txt",
      "sed -i -E '/^twine([^-_.a-z0-9]|$)/Id' requirements-dev.txt",
      'venv/bin/python -m pip install "$LF_SNAPSHOT[test]" -r requirements-dev.txt pytest',
    ]);
    expect(attempts.map((e) => e.diagnosis?.line)).toEqual([
      'ERROR: No matching distribution found for flake8==3.9.2',
      undefined,
    ]);
  });

  it("drops dev tools from the project's own pyproject.toml extra, in the snapshot the build installs", async () => {
    const withRule = await fixtureSandboxes(root, 'extra-pin-with', extraPinRepo(salt), ['unavailable-pin']);
    const task = await withRule.sandboxes.open(withRule.instance);
    await task.close();
    const drop = (name: string) =>
      `sed -i -E 's/(^|[[,])([[:space:]]*)("${name}(\\[[^]]*\\])?([[:space:]]*[<>=!~;][^"]*)?"|'\\''${name}(\\[[^]]*\\])?([[:space:]]*[<>=!~;][^'\\'']*)?'\\'')[[:space:]]*(,|$|(\\]))/\\1\\2\\9/gI' "$LF_SNAPSHOT/pyproject.toml"`;
    expect(task.spec.install).toEqual([
      'python3 -m venv venv',
      drop('black'),
      drop('twine'),
      'venv/bin/python -m pip install "$LF_SNAPSHOT[dev]" pytest',
    ]);
    const ledger = await readLedger(join(root, 'cache'), withRule.repo);
    const attempts = ledger.flatMap((e) => (e.kind === 'attempt' ? [e] : []));
    expect(attempts.map((e) => [e.phase, e.passed, e.diagnosis?.line])).toEqual([
      ['build', false, 'ERROR: No matching distribution found for black==19.3b0; extra == "dev"'],
      ['check', true, undefined],
    ]);
  });

  it('knows dev tools by name and by family, and not test dependencies', () => {
    expect(
      ['flake8', 'Black', 'pre_commit', 'sphinx-rtd-theme', 'flake8-bugbear', 'types-PyYAML'].map(isDevTool),
    ).toEqual([true, true, true, true, true, true]);
    expect(['pytest', 'pytest-cov', 'hypothesis', 'PyYAML'].map(isDevTool)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
