import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../../../github/client.js';
import { startFakeGitHub, type FakeGitHub } from '../../../github/test-server.js';
import { tempDir } from '../../../repos/test-repo.js';
import { buildCalcHistory, type CalcHistory } from './calc-history.js';
import { mineRepos } from './run-mine.js';
import { gitAt } from './test-history.js';

let root: string;
let source: string;
let shas: CalcHistory;
let server: FakeGitHub;
let mergedAt: number;
const iso = (ms: number) => new Date(ms).toISOString();

beforeAll(async () => {
  root = await tempDir('lf-mine-github-test-');
  source = join(root, 'calc');
  shas = await buildCalcHistory(source);
  mergedAt = Date.parse(await gitAt(source, ['show', '-s', '--format=%cI', shas['merge']!]));
  const pull = (number: number, title: string, body: string | null) => ({
    number,
    title,
    body,
    created_at: iso(mergedAt - 86_400_000),
    merged_at: iso(mergedAt),
  });
  const comment = (body: string, hoursFromMerge: number) => ({
    body,
    created_at: iso(mergedAt + hoursFromMerge * 3_600_000),
  });
  server = await startFakeGitHub({
    token: 'secret',
    pageSize: 2,
    failFirst: 1,
    repos: {
      'acme/calc': {
        pulls: [
          pull(7, 'Support subtraction', 'Fixes #3, closes acme/other#4'),
          pull(9, 'Handle division by zero', 'Return 0 instead of raising.'),
          pull(11, 'Add mul', 'closes #12'),
          pull(12, 'An earlier PR', null),
        ],
        issues: [
          { number: 3, title: 'No way to subtract', body: 'calc has add but no sub.', created_at: iso(0) },
        ],
        comments: {
          3: [comment('Same here.', -48), comment('Would sub(a, b) do?', -1), comment('Fixed, thanks!', 1)],
        },
        commitPulls: { [shas['fixMul']!]: [11] },
      },
    },
  });
});
afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

function mineWith(token: string, run: string) {
  return mineRepos({
    repos: { 'acme/calc': source },
    outPath: join(root, run, 'candidates.jsonl'),
    runDir: join(root, run, 'state'),
    cacheDir: join(root, 'cache'),
    github: { client: createGitHubClient({ token, apiUrl: server.url, backoffMs: 10 }), apiUrl: server.url },
    progress: 'off',
  });
}

describe('swegen mine with GitHub linking (local API server)', () => {
  it('takes statements from linked issues, then pull requests, then commit messages', async () => {
    const result = await mineWith('secret', 'linked');
    const statements = result.candidates.map((c) => ({
      id: c.instance_id,
      source: c.statement_source,
      statement: c.problem_statement,
      hints: c.hints_text,
      created_at: c.created_at,
    }));
    expect(statements).toEqual([
      {
        id: `acme__calc-${shas['fixAdd']!.slice(0, 7)}`,
        source: 'commit',
        statement: 'Fix add\n\nadd() subtracted its arguments.',
        hints: '',
        created_at: await gitAt(source, ['show', '-s', '--format=%cI', shas['fixAdd']!]),
      },
      {
        id: 'acme__calc-7',
        source: 'issue',
        statement: 'No way to subtract\ncalc has add but no sub.',
        hints: 'Same here.\nWould sub(a, b) do?',
        created_at: iso(mergedAt - 86_400_000),
      },
      {
        id: 'acme__calc-9',
        source: 'pull_request',
        statement: 'Handle division by zero\nReturn 0 instead of raising.',
        hints: '',
        created_at: iso(mergedAt - 86_400_000),
      },
      {
        id: 'acme__calc-11',
        source: 'pull_request',
        statement: 'Add mul\ncloses #12',
        hints: '',
        created_at: iso(mergedAt - 86_400_000),
      },
    ]);
    expect(result.candidates[1]!.source).toEqual({
      kind: 'real',
      commit: shas['merge'],
      pull: 7,
      issues: [3],
    });
    expect(server.requests.filter((r) => r === server.requests[0])).toHaveLength(2);
    expect(server.requests).toContain('/repos/acme/calc/issues/3/comments?per_page=100&page=2');
    expect(server.requests).not.toContain('/repos/acme/other/issues/4');
    expect(server.requests.filter((r) => r === '/repos/acme/calc/pulls/7')).toHaveLength(1);
  });

  it('records a rejected token as the repository failure', async () => {
    const result = await mineWith('wrong', 'unauthorized');
    expect(result.candidates).toEqual([]);
    expect(result.ledger.failures).toHaveLength(1);
    expect(result.ledger.failures[0]).toMatchObject({ stage: 'mine', key: 'acme/calc', code: 'bad_input' });
    expect(result.ledger.failures[0]!.message).toContain('GitHub answered 401');
  });
});
