import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCalcFixes, hostPytestSpec } from '../blocks/swegen/validate/calc-fixes.js';
import { tempDir } from '../repos/test-repo.js';
import { runCli } from './test-cli.js';

let root: string;
beforeAll(async () => {
  root = await tempDir('lf-swegen-cli-test-');
  await buildCalcFixes(join(root, 'calc'));
  await writeFile(join(root, 'spec.json'), JSON.stringify(hostPytestSpec));
});
afterAll(() => rm(root, { recursive: true, force: true }));

const run = (...args: string[]) => runCli('swegen', ...args);

describe('legofactory swegen', () => {
  it('mines candidates and validates them, printing the yield ledger', async () => {
    const where = [
      '--repo',
      `acme/calc=${join(root, 'calc')}`,
      '--env',
      `acme/calc=${join(root, 'spec.json')}`,
      '--cache',
      join(root, 'cache'),
    ];
    const mined = await run('mine', ...where, '--out', join(root, 'candidates.jsonl'));
    expect(mined).toContain('4 candidates written to');
    expect(mined).toMatch(/^mine +6 +4 +2 +0 /m);
    expect(mined).toMatch(/^mine +root_commit +1$/m);
    const validated = await run(
      'validate',
      ...where,
      '--candidates',
      join(root, 'candidates.jsonl'),
      '--out',
      join(root, 'instances.jsonl'),
      '--sandbox',
      'local',
      '--runs',
      '2',
      '--workers',
      '2',
    );
    expect(validated).toMatch(/^validate +4 +2 +2 +0 /m);
    expect(validated).toMatch(/^gate +2 +2 +0 +0 /m);
    expect(validated).toMatch(/^validate +pass_to_fail +1$/m);
    expect(validated).toContain(`2 instances written to ${join(root, 'instances.jsonl')}`);
    expect((await readFile(join(root, 'instances.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(2);
    const summary = JSON.parse(await readFile(join(root, 'instances.run', 'summary.json'), 'utf8'));
    expect(summary.ledger.stages).toHaveLength(2);
  });

  it('asks for a repository to mine and for a token that is set', async () => {
    await expect(run('mine', '--out', join(root, 'x.jsonl'))).rejects.toThrow('give at least one --repo');
    await expect(
      run(
        'mine',
        '--repo',
        `acme/calc=${root}`,
        '--out',
        join(root, 'x.jsonl'),
        '--github-token-env',
        'LF_NO_SUCH_VAR',
      ),
    ).rejects.toThrow('--github-token-env LF_NO_SUCH_VAR: that environment variable is empty');
  });
});
