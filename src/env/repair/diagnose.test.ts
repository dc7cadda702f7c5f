import { describe, expect, it } from 'vitest';
import { EnvSpec } from '../../schema/env.js';
import { diagnose } from './diagnose.js';
import { repairRules } from './index.js';
import type { CheckoutFiles, Failure, RepairRule } from './rule.js';

const spec = EnvSpec.parse({
  language: 'python',
  install: ['python3 -m venv venv', 'venv/bin/python -m pip install "$LF_SNAPSHOT" pytest'],
  test_cmd: 'python -m pytest {tests}',
  log_parser: 'pytest',
});
const noFiles: CheckoutFiles = { read: () => Promise.resolve(undefined) };
const failure = (phase: Failure['phase'], log: string, files = noFiles): Failure => ({
  phase,
  spec,
  log,
  files,
});

describe('diagnose', () => {
  it('installs the distribution of a missing module, named through the map', async () => {
    const log =
      "ImportError while loading conftest\nE   ModuleNotFoundError: No module named 'yaml.loader'\n";
    const repair = await diagnose(failure('check', log), repairRules);
    expect(repair?.rule).toBe('missing-module');
    expect(repair?.match).toEqual({
      line: "E   ModuleNotFoundError: No module named 'yaml.loader'",
      subject: 'yaml',
    });
    expect(repair?.spec.install.at(-1)).toBe('venv/bin/python -m pip install PyYAML');
  });

  it("leaves the project's own modules alone, and looks only at the rule's phases", async () => {
    const own = {
      read: (path: string) => Promise.resolve(path === 'src/mypkg/__init__.py' ? '' : undefined),
    };
    expect(await diagnose(failure('check', "No module named 'mypkg'", own), repairRules)).toBeUndefined();
    expect(
      await diagnose(failure('build', "ModuleNotFoundError: No module named 'yaml'"), repairRules),
    ).toBeUndefined();
  });

  it('pretends a version for setuptools-scm and pbr builds', async () => {
    const scm = 'LookupError: setuptools-scm was unable to detect version for /tmp/lf-src.';
    const pbr =
      'Exception: Versioning for this project requires either an sdist tarball, or access to an upstream git repository.';
    const first = await diagnose(failure('build', scm), repairRules);
    expect(first?.spec.install[0]).toBe('export SETUPTOOLS_SCM_PRETEND_VERSION=0.0.0');
    expect((await diagnose(failure('build', pbr), repairRules))?.spec.install[0]).toBe(
      'export PBR_VERSION=0.0.0',
    );
    const again = await diagnose({ ...failure('build', scm), spec: first!.spec }, repairRules);
    expect(again).toBeUndefined();
  });

  it('skips a rule whose edit returns the same spec', async () => {
    const noop: RepairRule = {
      summary: 'x',
      phases: ['check'],
      match: () => ({ line: 'l', subject: 's' }),
      edit: (s) => s,
    };
    expect(await diagnose(failure('check', 'anything'), { noop })).toBeUndefined();
  });
});
