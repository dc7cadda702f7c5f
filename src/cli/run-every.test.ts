import { existsSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scriptRepo } from '../blocks/swegen/mine/test-history.js';
import { tempDir } from '../repos/test-repo.js';
import { runCli } from './test-cli.js';

let root: string;
let file: string;
beforeAll(async () => {
  root = await tempDir('lf-run-every-');
  const source = join(root, 'app');
  await scriptRepo(source, [
    {
      name: 'root',
      message: 'Start',
      files: { 'pyproject.toml': '[project]\nname = "app"\n', 'src/app.py': 'X = 0\n' },
    },
    {
      name: 'fix',
      message: 'Fix X',
      files: { 'src/app.py': 'X = 1\n', 'tests/test_app.py': 'def test_x():\n    assert 1\n' },
    },
  ]);
  file = join(root, 'every.yaml');
  await writeFile(
    file,
    [
      'name: every',
      `repos: [${JSON.stringify(`acme/app=${source}`)}]`,
      `defaults: { sandbox: local, cache_dir: ${JSON.stringify(join(root, 'cache'))} }`,
      'stages:',
      '  mine: { block: swegen-mine }',
      '',
    ].join('\n'),
  );
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('legofactory run --every', () => {
  it('a SIGTERM during the first run lets it finish, then the loop ends', { timeout: 60_000 }, async () => {
    const out = join(root, 'first');
    const listeners = process.listenerCount('SIGTERM');
    const running = runCli('run', file, '--out', out, '--every', '6h');
    await until(() => process.listenerCount('SIGTERM') > listeners);
    process.emit('SIGTERM');
    const output = await running;
    expect(output.match(/^pipeline every: .*$/gm)).toEqual([
      `pipeline every: 1 stage(s) in ${join(out, 'every')}`,
    ]);
    expect(output).toContain('mine (swegen-mine): done 1, skipped 0, failed 0, candidates 1');
    expect(existsSync(join(out, 'every', 'refresh.jsonl'))).toBe(false);
  });

  it('runs plainly first, then refreshes each period until a SIGTERM', { timeout: 60_000 }, async () => {
    const out = join(root, 'loop');
    const ledger = join(out, 'every', 'refresh.jsonl');
    const started = Date.now();
    const running = runCli('run', file, '--out', out, '--every', '3s');
    await until(() => existsSync(ledger));
    process.emit('SIGTERM');
    const output = await running;
    expect(Date.now() - started).toBeLessThan(30_000);
    // A refresh slower than the period is followed at once by the next, so the count of runs varies.
    const runs = output.match(/^pipeline every: .*$/gm) ?? [];
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(output).toContain('refresh: no new commits in 1 repositories; nothing to send down');
    const entries = (await readFile(ledger, 'utf8')).trimEnd().split('\n');
    // The first run was a plain run (no entry); every later one is a refresh that found nothing new.
    expect(entries.map((line) => JSON.parse(line) as object)).toEqual(
      runs
        .slice(1)
        .map(() => expect.objectContaining({ new_commits: 0, new_candidates: 0, nothing_new: true })),
    );
  });
});
