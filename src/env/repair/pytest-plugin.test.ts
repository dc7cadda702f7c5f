import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../repos/test-repo.js';
import { EnvSpec } from '../../schema/env.js';
import { pytestPlugin } from './pytest-plugin.js';
import { expectRuleRepairs } from './testing/expect-rule-repairs.js';
import { pytestPluginRepo } from './testing/repos.js';

let root: string;
const salt = `plugin-${Date.now()}`;
beforeAll(async () => {
  root = await tempDir('lf-repair-plugin-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('the pytest-plugin rule', () => {
  it('fails the check on `addopts = --cov` without the rule; with it installs pytest-cov and passes', async () => {
    const { spec, attempts } = await expectRuleRepairs(root, 'plugin', pytestPluginRepo(salt), {
      rule: 'pytest-plugin',
      failure: /first error: ERROR: usage: python -m pytest .*; no repair rule recognises/,
      steps: [
        ['check', false, 'pytest-plugin'],
        ['check', true, undefined],
      ],
    });
    expect(spec.install.at(-1)).toBe('venv/bin/python -m pip install pytest-cov');
    expect(attempts[0]?.diagnosis?.line).toBe(
      'python -m pytest: error: unrecognized arguments: --cov=covcalc',
    );
  });
});

describe('the pytest-plugin signatures', () => {
  const spec = EnvSpec.parse({
    language: 'python',
    install: ['python3 -m venv venv'],
    test_cmd: 'pytest',
    log_parser: 'pytest',
  });
  const files = { read: () => Promise.resolve(undefined) };
  it.each([
    ['__main__.py: error: unrecognized arguments: -n auto', 'pytest-xdist'],
    ['error: unrecognized arguments: --timeout=60 --cov', 'pytest-timeout'],
    ['error: unrecognized arguments: --benchmark-skip', 'pytest-benchmark'],
    ['ImportError: Error importing plugin "xdist": No module named \'xdist\'', 'pytest-xdist'],
    ["E   ModuleNotFoundError: No module named 'pytest_asyncio'", 'pytest-asyncio'],
    ['PytestConfigWarning: Unknown config option: asyncio_mode', 'pytest-asyncio'],
  ])('%s → %s', async (line, distribution) => {
    const match = await pytestPlugin.match({ phase: 'check', spec, log: `collecting\n${line}\n`, files });
    expect(match?.subject).toBe(distribution);
  });
  it('leaves unknown options and plain missing modules to other rules', async () => {
    const log =
      "error: unrecognized arguments: --no-such-flag\nE   ModuleNotFoundError: No module named 'yaml'\n";
    expect(await pytestPlugin.match({ phase: 'check', spec, log, files })).toBeUndefined();
  });
});
