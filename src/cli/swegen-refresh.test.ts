import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitOn, scriptRepo } from '../blocks/swegen/mine/test-history.js';
import { tempDir } from '../repos/test-repo.js';
import { runCli, runCliForExit } from './test-cli.js';

let root: string;
let source: string;
let shas: Record<string, string>;
beforeAll(async () => {
  root = await tempDir('lf-swegen-refresh-cli-');
  source = join(root, 'app');
  shas = await scriptRepo(source, [
    {
      name: 'root',
      message: 'Start',
      files: { 'pyproject.toml': '[project]\nname = "app"\n', 'src/app.py': 'X = 0\n' },
    },
  ]);
});
afterAll(() => rm(root, { recursive: true, force: true }));

const fix = (n: number) => ({
  name: `fix${n}`,
  message: `Fix ${n}`,
  files: { 'src/app.py': `X = ${n}\n`, 'tests/test_app.py': `def test_x():\n    assert ${n}\n` },
});

describe('legofactory swegen mine --refresh', () => {
  it('mines only new commits, says when there are none, and skips an unreachable repository', async () => {
    const where = ['--repo', `acme/app=${source}`, '--cache', join(root, 'cache')];
    const out = ['--out', join(root, 'candidates.jsonl')];
    expect(await runCli('swegen', 'mine', ...where, ...out)).toContain('0 candidates written to');

    await commitOn(source, fix(1), 5);
    const last = await commitOn(source, fix(2), 6);
    const refreshed = await runCli('swegen', 'mine', ...where, ...out, '--refresh');
    expect(refreshed).toContain(
      'refresh: 2 new commits, 2 new candidates; 1 repositories mined, 0 unchanged',
    );
    expect(refreshed).toMatch(
      new RegExp(`^acme/app +mined +${shas['root']!.slice(0, 12)} +${last.slice(0, 12)} +2 +2 *$`, 'm'),
    );
    expect(refreshed).toContain('2 candidates written to');

    const again = await runCli('swegen', 'mine', ...where, ...out, '--refresh', '--json');
    expect(JSON.parse(again).refresh).toMatchObject({ new_commits: 0, repos_unchanged: 1, repos_mined: 0 });

    const missing = ['--repo', `acme/gone=${join(root, 'gone')}`];
    const skipped = await runCliForExit('swegen', 'mine', ...where, ...missing, ...out, '--refresh');
    expect(skipped.exitCode).toBe(1);
    expect(skipped.output).toContain('refresh: no new commits in 1 repositories, nothing mined, 1 skipped');
    expect(skipped.output).toContain(`mine failed: acme/gone: repo_unavailable: source path of acme/gone`);
  });
});
