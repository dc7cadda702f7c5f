import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { touchedPaths } from '../../../harness/diff-paths.js';
import { tempDir } from '../../../repos/test-repo.js';
import { loadMineRules } from '../rules.js';
import { buildCalcHistory, calcExpectations, type CalcHistory } from './calc-history.js';
import { mineRepos, type MineRunOptions } from './run-mine.js';
import { gitAt, scriptRepo } from './test-history.js';

let root: string;
let source: string;
let shas: CalcHistory;
beforeAll(async () => {
  root = await tempDir('lf-mine-test-');
  source = join(root, 'calc');
  shas = await buildCalcHistory(source);
});
afterAll(() => rm(root, { recursive: true, force: true }));

let runs = 0;
function mine(options: Partial<MineRunOptions> = {}) {
  const run = join(root, `run-${++runs}`);
  return mineRepos({
    repos: { 'acme/calc': source },
    outPath: join(run, 'candidates.jsonl'),
    runDir: join(run, 'state'),
    cacheDir: join(root, 'cache'),
    progress: 'off',
    ...options,
  });
}

const short = (name: string) => shas[name]!.slice(0, 7);
const diffOf = async (from: string, to: string, path: string) =>
  `${await gitAt(source, ['diff', '--binary', shas[from]!, shas[to]!, '--', path])}\n`;

describe('swegen mine', () => {
  it('finds exactly the known fixes and records why every other change was passed over', async () => {
    const result = await mine();
    const candidates = result.candidates;
    expect(candidates.map((c) => [c.instance_id, c.base_commit, c.source?.['commit']])).toEqual([
      [`acme__calc-${short('fixAdd')}`, shas['root'], shas['fixAdd']],
      ['acme__calc-7', shas['submodule'], shas['merge']],
      ['acme__calc-9', shas['merge'], shas['squash']],
      [`acme__calc-${short('fixMul')}`, shas['manifest'], shas['fixMul']],
    ]);
    expect(candidates.map((c) => [c.problem_statement, c.statement_source, c.hints_text])).toEqual([
      ['Fix add\n\nadd() subtracted its arguments.', 'commit', ''],
      ['Support subtraction', 'commit', ''],
      ['Handle division by zero (#9)', 'commit', ''],
      ['Add mul', 'commit', ''],
    ]);
    expect(candidates.map((c) => [touchedPaths(c.patch), touchedPaths(c.test_patch)])).toEqual([
      [['src/calc.py'], ['tests/test_calc.py']],
      [['src/ops.py'], ['tests/test_ops.py']],
      [['src/ops.py'], ['tests/test_ops.py']],
      [['src/ops.py'], ['tests/test_ops.py']],
    ]);
    expect(candidates[0]!.patch).toBe(await diffOf('root', 'fixAdd', 'src/calc.py'));
    expect(candidates[0]!.test_patch).toBe(await diffOf('root', 'fixAdd', 'tests/test_calc.py'));
    expect(candidates[1]!.patch).toBe(await diffOf('submodule', 'merge', 'src/ops.py'));
    expect(candidates[0]!.created_at).toBe(
      await gitAt(source, ['show', '-s', '--format=%cI', shas['fixAdd']!]),
    );
    expect(candidates[1]!.source).toEqual({ kind: 'real', commit: shas['merge'], pull: 7 });
    expect(candidates.every((c) => c.FAIL_TO_PASS.length === 0 && c.PASS_TO_PASS.length === 0)).toBe(true);

    const [oldEnv, , , newEnv] = candidates.map((c) => c.version);
    expect(oldEnv).toMatch(/^[0-9a-f]{16}$/);
    expect(candidates.map((c) => c.version)).toEqual([oldEnv, oldEnv, oldEnv, newEnv]);
    expect(newEnv).not.toBe(oldEnv);
    expect(candidates.map((c) => c.environment_setup_commit)).toEqual([
      shas['merge'],
      shas['merge'],
      shas['merge'],
      shas['manifest'],
    ]);

    const [mined] = result.results;
    const rejected = (await readFile(join(mined!.candidates_path, '..', 'rejected.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { sha: string; reason: string });
    const byName = Object.fromEntries(
      Object.entries(shas).flatMap(([name, sha]) => {
        const reason = rejected.find((r) => r.sha === sha)?.reason;
        return name in calcExpectations ? [[name, reason ?? 'candidate']] : [];
      }),
    );
    expect(byName).toEqual(calcExpectations);
    expect(result.ledger.stages).toEqual([
      { stage: 'mine', input: 17, output: 4, failed: 0, duration_ms: result.run.duration_ms },
    ]);
    expect(result.ledger.rejections.find((r) => r.reason === 'no_tests')).toEqual({
      stage: 'mine',
      reason: 'no_tests',
      count: 2,
    });
    expect(result.ledger.rejections.reduce((n, r) => n + r.count, 0)).toBe(13);
    expect((await readFile(result.outPath, 'utf8')).trim().split('\n')).toHaveLength(4);
  });

  it('resumes a run without mining again, and limits the walk by count and date', async () => {
    const first = await mine({ maxCommits: 3 });
    expect(first.candidates.map((c) => c.source?.['commit'])).toEqual([shas['fixMul']]);
    expect(first.ledger.stages[0]).toMatchObject({ input: 3, output: 1 });
    const again = await mineRepos({
      repos: { 'acme/calc': source },
      outPath: first.outPath,
      runDir: first.runDir,
      cacheDir: join(root, 'cache'),
      maxCommits: 3,
      progress: 'off',
    });
    expect(again.run).toMatchObject({ skipped: 1, done: 0 });
    expect(again.candidates).toEqual(first.candidates);

    const mergedAt = Date.parse(await gitAt(source, ['show', '-s', '--format=%cI', shas['merge']!]));
    const since = await mine({ since: new Date(mergedAt - 3_600_000).toISOString() });
    expect(since.candidates.map((c) => c.instance_id)).toEqual([
      'acme__calc-7',
      'acme__calc-9',
      `acme__calc-${short('fixMul')}`,
    ]);
    expect(since.ledger.stages[0]).toMatchObject({ input: 5, output: 3 });
  });

  it('takes rules from a file, and rejects an invalid one naming it', async () => {
    const rules = join(root, 'rules.yaml');
    await writeFile(rules, 'max_lines: 5000\n');
    const result = await mine({ rules: await loadMineRules(rules) });
    expect(result.candidates.map((c) => c.source?.['commit'])).toContain(shas['huge']);
    expect(result.candidates).toHaveLength(5);
    await writeFile(rules, 'max_lines: lots\ntest_dirs: []\n');
    await expect(loadMineRules(rules)).rejects.toMatchObject({ code: 'bad_input' });
    await expect(loadMineRules(rules)).rejects.toThrow(`rules file ${rules} is invalid`);
  });

  it('skips a missing and a shallow repository with their reasons and mines the others', async () => {
    const shallow = join(root, 'shallow');
    await gitAt(root, ['clone', '-q', '--depth', '2', `file://${source}`, shallow]);
    const bare = join(root, 'bare');
    const bareShas = await scriptRepo(bare, [
      {
        name: 'one',
        message: 'one',
        files: { 'lib.py': 'X = 1\n', 'tests/test_lib.py': 'def test_x():\n    pass\n' },
      },
      {
        name: 'two',
        message: 'two',
        files: { 'lib.py': 'X = 2\n', 'tests/test_lib.py': 'def test_y():\n    pass\n' },
      },
    ]);
    const result = await mine({
      repos: {
        'acme/calc': source,
        'acme/missing': join(root, 'nope'),
        'acme/shallow': shallow,
        'acme/bare': bare,
      },
    });
    expect(result.run).toMatchObject({ total: 4, done: 2, failed: 2 });
    expect(result.ledger.failures.map((f) => [f.key, f.code])).toEqual([
      ['acme/missing', 'repo_unavailable'],
      ['acme/shallow', 'repo_unavailable'],
    ]);
    expect(result.ledger.failures[0]!.message).toContain('does not exist');
    expect(result.ledger.failures[1]!.message).toContain('shallow clone');
    expect(result.candidates).toHaveLength(4);
    const bareResult = result.results.find((r) => r.repo === 'acme/bare')!;
    expect(bareResult.rejected).toEqual({ root_commit: 1, env_undetected: 1 });
    const rejected = await readFile(join(bareResult.candidates_path, '..', 'rejected.jsonl'), 'utf8');
    expect(rejected).toContain(bareShas['two']!);
    expect(rejected).toContain('no test environment detected in <root>');
  });
});
