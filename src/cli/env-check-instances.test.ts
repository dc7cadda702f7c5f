import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingModuleRepo } from '../env/repair/testing/repos.js';
import { diffOf, makeRepo, removeRepo } from '../harness/fixture-repo.js';
import { runCliForExit } from './test-cli.js';

let repo: { dir: string; base: string };
const salt = `check-instances-${Date.now()}`;
beforeAll(async () => {
  repo = await makeRepo({
    ...missingModuleRepo(salt),
    'src/yamlcalc/__init__.py': 'def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a + b\n',
  });
});
afterAll(() => removeRepo(repo.dir));

async function instancesFile(): Promise<string> {
  const patch = await diffOf(repo.dir, {
    'src/yamlcalc/__init__.py': 'def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n',
  });
  const original = missingModuleRepo(salt)['tests/test_add.py']!;
  const subTest = `${original}\n\ndef test_sub():\n    from yamlcalc import sub\n\n    assert sub(5, 3) == 2\n`;
  const addTest = `${original}\n\ndef test_add_again():\n    assert add(1, 1) == 2\n`;
  const common = {
    repo: 'acme/yamlcalc',
    base_commit: repo.base,
    patch,
    PASS_TO_PASS: ['tests/test_add.py::test_add'],
  };
  const instances = [
    {
      ...common,
      instance_id: 'yamlcalc-1',
      test_patch: await diffOf(repo.dir, { 'tests/test_add.py': subTest }),
      FAIL_TO_PASS: ['tests/test_add.py::test_sub'],
    },
    {
      ...common,
      instance_id: 'yamlcalc-2',
      test_patch: await diffOf(repo.dir, { 'tests/test_add.py': addTest }),
      FAIL_TO_PASS: ['tests/test_add.py::test_add_again'],
    },
  ];
  const path = join(repo.dir, '..', 'instances.jsonl');
  await writeFile(path, instances.map((i) => JSON.stringify(i)).join('\n') + '\n');
  return path;
}

describe('legofactory env check --instances / env explain', () => {
  it('repairs the first instance, starts the second from the repaired spec and rejects it because its FAIL_TO_PASS passes without the gold patch; explains both', async () => {
    const cache = join(repo.dir, '..', 'cache');
    const flags = ['--repo', `acme/yamlcalc=${repo.dir}`, '--sandbox', 'local', '--cache', cache];
    const checked = await runCliForExit('env', 'check', '--instances', await instancesFile(), ...flags);
    const lines = checked.output.split('\n');
    expect(lines[0]).toMatch(
      /^yamlcalc-1: ready \(2 attempt\(s\), repaired by missing-module\): environment ready \(spec [0-9a-f]{16}\)$/,
    );
    expect(lines[1]).toMatch(
      /^yamlcalc-2: failed \(1 attempt\(s\)\): no working environment .*NOP run: FAIL_TO_PASS passes without the gold patch: tests\/test_add.py::test_add_again/,
    );
    expect(lines[2]).toBe('1 of 2 environments ready');
    expect(checked.exitCode).toBe(1);

    const explained = await runCliForExit('env', 'explain', 'yamlcalc-1', '--cache', cache);
    expect(explained.output).toMatch(
      /^acme\/yamlcalc@[0-9a-f]{12} \(instance yamlcalc-1\) .* check instance:yamlcalc-1$/m,
    );
    expect(explained.output).toContain(
      `diagnosis: missing-module matched: E${' '.repeat(3)}ModuleNotFoundError: No module named 'yaml'`,
    );
    expect(explained.output).toMatch(
      /^ {2}ready after 2 attempt\(s\): spec [0-9a-f]{16} passed the instance:yamlcalc-1 check$/m,
    );
    expect(explained.output).not.toContain('yamlcalc-2');
    const json = await runCliForExit(
      'env',
      'explain',
      `acme/yamlcalc@${repo.base.slice(0, 8)}`,
      '--json',
      '--cache',
      cache,
    );
    expect(json.output.split('\n').map((line) => (JSON.parse(line) as { kind: string }).kind)).toEqual([
      'attempt',
      'attempt',
      'result',
      'attempt',
      'result',
    ]);
    await expect(runCliForExit('env', 'explain', 'nothing-here', '--cache', cache)).rejects.toThrow(
      /has nothing for nothing-here/,
    );
  });
});
