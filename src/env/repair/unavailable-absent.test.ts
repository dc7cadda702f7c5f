import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../repos/test-repo.js';
import { expectRuleRepairs } from './testing/expect-rule-repairs.js';
import { fixtureSandboxes } from './testing/repos.js';
import {
  devToolsRepo,
  hardImportRepo,
  optionalImportRepo,
  ownExtraRepo,
  transitiveRepo,
} from './testing/absent-repos.js';

let root: string;
const salt = `absent-${Date.now()}`;
beforeAll(async () => {
  root = await tempDir('lf-repair-absent-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

const dropFromPyproject = (name: string) =>
  `sed -i -E 's/(^|[[,])([[:space:]]*)("${name}(\\[[^]]*\\])?([[:space:]]*[<>=!~;][^"]*)?"|'\\''${name}(\\[[^]]*\\])?([[:space:]]*[<>=!~;][^'\\'']*)?'\\'')[[:space:]]*(,|$|(\\]))/\\1\\2\\9/gI' "$LF_SNAPSHOT/pyproject.toml"`;

describe('the unavailable-pin rule on requirements the index lacks', () => {
  it('drops a test dependency the tests import only optionally (try/except, importorskip)', async () => {
    const { spec, attempts } = await expectRuleRepairs(root, 'optional', optionalImportRepo(salt), {
      rule: 'unavailable-pin',
      failure: /satisfies the requirement mock.*no repair rule recognises/s,
      steps: [
        ['build', false, 'unavailable-pin'],
        ['check', true, undefined],
      ],
    });
    expect(spec.install).toEqual([
      'python3 -m venv venv',
      dropFromPyproject('mock'),
      'venv/bin/python -m pip install "$LF_SNAPSHOT[test]" pytest',
    ]);
    expect(attempts[0]?.diagnosis?.line).toBe(
      'ERROR: No matching distribution found for mock; extra == "test"',
    );
  });

  it("edits the project's own extra when pip names the project itself as the parent (attrs[tests])", async () => {
    const { spec, attempts } = await expectRuleRepairs(root, 'own-extra', ownExtraRepo(salt), {
      rule: 'unavailable-pin',
      failure: /requirement mock; extra == "test" \(from owncalc\[test\]\).*no repair rule recognises/s,
      steps: [
        ['build', false, 'unavailable-pin'],
        ['check', true, undefined],
      ],
    });
    expect(spec.install).toEqual([
      'python3 -m venv venv',
      dropFromPyproject('mock'),
      'venv/bin/python -m pip install "$LF_SNAPSHOT[test]" pytest',
    ]);
    expect(attempts[0]?.diagnosis?.line).toBe(
      'ERROR: No matching distribution found for mock; extra == "test"',
    );
  });

  it('keeps a dependency the tests import at module level, and the loop fails naming it', async () => {
    const fixture = await fixtureSandboxes(root, 'hard', hardImportRepo(salt), ['unavailable-pin']);
    const failed = fixture.sandboxes.open(fixture.instance);
    await expect(failed).rejects.toMatchObject({ code: 'env_build_failed' });
    await expect(failed).rejects.toThrow(/satisfies the requirement mock.*no repair rule recognises/s);
  });

  it('drops the requirement that pulled in an absent transitive one when the tests do not import it', async () => {
    const { spec, attempts } = await expectRuleRepairs(root, 'transitive', transitiveRepo(salt), {
      rule: 'unavailable-pin',
      failure: /requirement py-cpuinfo2.*\(from pytest-benchmark\).*no repair rule recognises/s,
      steps: [
        ['build', false, 'unavailable-pin'],
        ['check', true, undefined],
      ],
    });
    expect(spec.install).toEqual([
      'python3 -m venv venv',
      dropFromPyproject('pytest[-_.]+benchmark'),
      'venv/bin/python -m pip install "$LF_SNAPSHOT[test]" pytest',
    ]);
    expect(attempts[0]?.diagnosis?.line).toMatch(/^ERROR: No matching distribution found for py-cpuinfo2/);
  });

  it('drops every dev tool listed beside an absent one in one edit, but not one the tests import', async () => {
    const { spec, attempts } = await expectRuleRepairs(root, 'devtools', devToolsRepo(salt), {
      rule: 'unavailable-pin',
      failure: /satisfies the requirement diff-cover>=10\.2 .*no repair rule recognises/s,
      steps: [
        ['build', false, 'unavailable-pin'],
        ['build', false, 'unavailable-pin'],
        ['check', true, undefined],
      ],
    });
    expect(spec.install).toEqual([
      'python3 -m venv venv',
      "sed -i -E '/^diff[-_.]+cover([^-_.a-z0-9]|$)/Id' requirements-dev.txt",
      "sed -i -E '/^towncrier([^-_.a-z0-9]|$)/Id' requirements-dev.txt",
      "sed -i -E '/^covdefaults([^-_.a-z0-9]|$)/Id' requirements-dev.txt",
      "sed -i -E 's/^(pytest[-_.]+mock(\\[[^]]*\\])?)[[:space:]]*[<>=!~][^;#]*/\\1 /I' requirements-dev.txt",
      'venv/bin/python -m pip install "$LF_SNAPSHOT[test]" -r requirements-dev.txt pytest',
    ]);
    expect(attempts.map((e) => e.diagnosis?.line)).toEqual([
      'ERROR: No matching distribution found for diff-cover>=10.2',
      'ERROR: No matching distribution found for pytest-mock==0.0.1',
      undefined,
    ]);
  });
});
