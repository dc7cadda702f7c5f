import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Trajectory } from '../../schema/trajectory.js';
import { buildSftDatasets, type SftBuildOptions } from './build.js';
import { formatSftStats } from './stats.js';
import { stepsWithOneError, testTrajectory, type TestStep } from './test-trajectories.js';
import { loadTokenCounter } from './tokenizer.js';

const bash = (command: string): TestStep => ({ tool: 'execute_bash', args: { command }, observation: 'ok' });
const finish: TestStep = { tool: 'finish', args: { message: 'done' }, observation: 'Finished.' };

function brokenOrder(): Trajectory {
  const t = testTrajectory({ id: 'broken', instance: 'acme__calc-10', steps: stepsWithOneError() });
  t.messages.splice(1, 1);
  return t;
}

/** Every case the build must count: kept, duplicate, filtered, contaminated, broken, too long, bad bytes. */
function inputLines(): Buffer[] {
  const json = (t: Trajectory) => Buffer.from(JSON.stringify(t));
  const nonUtf8 = json(
    testTrajectory({ id: 'bytes', instance: 'acme__calc-9', steps: [bash('ls'), bash('pwd'), finish] }),
  );
  const at = nonUtf8.indexOf('\\nok"') + 3;
  const big = testTrajectory({ id: 'big', instance: 'acme__calc-11', steps: [bash('x'), finish] });
  (big.messages[3] as { content: string }).content = 'word '.repeat(4000);
  return [
    json(testTrajectory({ id: 'one', instance: 'acme__calc-1', steps: stepsWithOneError(), patch: 'P1' })),
    json(
      testTrajectory({ id: 'two', instance: 'acme__calc-2', format: 'native', steps: [bash('ls'), finish] }),
    ),
    json(
      testTrajectory({
        id: 'three',
        instance: 'acme__calc-3',
        steps: [...stepsWithOneError(), bash('a'), bash('b')],
      }),
    ),
    json(testTrajectory({ id: 'again', instance: 'acme__calc-1', steps: stepsWithOneError(), patch: 'P1' })),
    json(testTrajectory({ id: 'fail', instance: 'acme__calc-5', steps: [finish], resolved: false })),
    json(
      testTrajectory({
        id: 'half',
        instance: 'acme__calc-6',
        steps: [bash('y'), finish],
        resolved: false,
        partial: true,
      }),
    ),
    Buffer.from('{"trajectory_id": '),
    Buffer.from('{"x": 1}'),
    json(testTrajectory({ id: 'leak', instance: 'acme__calc-7', steps: [finish] })),
    json(
      testTrajectory({
        id: 'leak2',
        instance: 'acme__calc-8',
        steps: [finish],
        repo: 'acme/eval',
        baseCommit: 'c'.repeat(40),
      }),
    ),
    Buffer.concat([nonUtf8.subarray(0, at), Buffer.from([0xff]), nonUtf8.subarray(at)]),
    json(brokenOrder()),
    json(big),
  ];
}

let dir: string;
let input: string;
let evalSet: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lf-sft-build-'));
  input = join(dir, 'trajectories.jsonl');
  await writeFile(input, Buffer.concat(inputLines().flatMap((line) => [line, Buffer.from('\n')])));
  evalSet = join(dir, 'eval.jsonl');
  const evalInstances = [
    { instance_id: 'acme__calc-7', repo: 'acme/calc', base_commit: 'b'.repeat(40) },
    { instance_id: 'other-1', repo: 'acme/eval', base_commit: 'c'.repeat(40) },
  ];
  await writeFile(evalSet, evalInstances.map((i) => JSON.stringify(i)).join('\n'));
});

const build = (name: string, overrides: Partial<SftBuildOptions> = {}) =>
  buildSftDatasets({
    trajectories: [input],
    outDir: join(dir, name),
    decontaminate: [evalSet],
    maxTokens: 3000,
    verifier: true,
    workers: 1,
    ...overrides,
  });

const idsIn = async (path: string) =>
  (await readFile(path, 'utf8'))
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => (JSON.parse(l) as { instance_id: string }).instance_id);

describe('buildSftDatasets', () => {
  it('keeps, drops and repairs every trajectory with a counted reason, and orders the curriculum', async () => {
    const { stats, outDir } = await build('swe-lego');
    expect(stats.records).toBe(13);
    expect(stats.kept).toBe(4);
    expect(stats.excluded).toEqual({});
    expect(stats.dropped).toEqual({
      duplicate: 1,
      unresolved: 1,
      partial: 1,
      invalid_json: 1,
      invalid_record: 1,
      contaminated: 2,
      broken_role_order: 1,
      over_max_tokens: 1,
    });
    expect(stats.repaired).toEqual({ non_utf8_repaired: 1 });
    expect(stats.assistant_turns).toBe(4 + 2 + 6 + 3);
    expect(stats.masked_turns).toBe(2);
    expect(stats.masked_turn_fraction).toBeCloseTo(2 / 15);
    expect(stats.curriculum).toEqual({ difficulty: 'turns', stages: 3, boundaries: [3, 4] });
    expect(stats.stages.map((s) => s.samples)).toEqual([2, 1, 1]);
    expect(stats.stages[0]!.turns.counts.reduce((a, b) => a + b)).toBe(2);
    expect(await idsIn(join(outDir, 'stage-1.jsonl'))).toEqual(['acme__calc-2', 'acme__calc-9']);
    expect(await idsIn(join(outDir, 'stage-2.jsonl'))).toEqual(['acme__calc-1']);
    expect(await idsIn(join(outDir, 'stage-3.jsonl'))).toEqual(['acme__calc-3']);
    expect(await idsIn(join(outDir, 'ordered.jsonl'))).toEqual([
      'acme__calc-2',
      'acme__calc-9',
      'acme__calc-1',
      'acme__calc-3',
    ]);
    expect((await readdir(outDir)).sort()).toEqual([
      'dataset_info.json',
      'ds_z3_config.json',
      'ordered.jsonl',
      'stage-1.jsonl',
      'stage-2.jsonl',
      'stage-3.jsonl',
      'stats.json',
      'train.stock.yaml',
      'train.yaml',
      'verifier.jsonl',
      'verifier.yaml',
    ]);
    expect(JSON.parse(await readFile(join(outDir, 'stats.json'), 'utf8'))).toEqual(stats);
  });

  it('writes balanced YES/NO verifier examples whose prompt holds the issue, the steps and the patch', async () => {
    const { stats, outDir } = await build('verifier');
    expect(stats.verifier).toMatchObject({ yes: 2, no: 2, balance: 'downsample' });
    expect(stats.verifier!.dropped).toEqual({
      duplicate: 1,
      invalid_json: 1,
      invalid_record: 1,
      contaminated: 2,
    });
    const lines = (await readFile(join(outDir, 'verifier.jsonl'), 'utf8')).trim().split('\n');
    const records = lines.map(
      (l) => JSON.parse(l) as { messages: Array<{ role: string; content: string; turn_mask: boolean }> },
    );
    expect(records.map((r) => r.messages.map((m) => m.role))).toEqual(Array(4).fill(['user', 'assistant']));
    expect(records.map((r) => r.messages[1]!.content).sort()).toEqual(['NO', 'NO', 'YES', 'YES']);
    expect(records[0]!.messages[0]!.content).toContain('### Step 1');
    expect(records[0]!.messages[0]!.content).toContain('add() returns the wrong sum');

    const weighted = await build('weighted', { verifierBalance: 'weight', format: 'messages' });
    expect(weighted.stats.verifier).toMatchObject({ yes: 6, no: 2 });
    const weights = (await readFile(join(weighted.outDir, 'verifier.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { sample_weight: number; resolved: boolean });
    expect(weights.filter((w) => w.resolved).map((w) => w.sample_weight)).toEqual(Array(6).fill(0.666667));
    expect(weights.filter((w) => !w.resolved).map((w) => w.sample_weight)).toEqual([2, 2]);
  });

  it('includes partial fixes when asked, trains error steps without the mask, and curricula by tokens', async () => {
    const { stats } = await build('options', {
      include: 'resolved+partial',
      errorMask: false,
      curriculum: 'tokens',
      stages: 2,
    });
    expect(stats.kept).toBe(5);
    expect(stats.masked_turns).toBe(0);
    expect(stats.curriculum.difficulty).toBe('tokens');
    expect(stats.stages.map((s) => s.samples)).toEqual([3, 2]);
  });

  it('gives the same files with two worker threads as in one thread', async () => {
    const one = await build('one-thread', { format: 'openai' });
    const two = await build('two-threads', { format: 'openai', workers: 2 });
    for (const file of ['stage-1.jsonl', 'stage-2.jsonl', 'stage-3.jsonl', 'ordered.jsonl', 'verifier.jsonl'])
      expect(await readFile(join(two.outDir, file), 'utf8')).toBe(
        await readFile(join(one.outDir, file), 'utf8'),
      );
    expect({ ...two.stats, duration_ms: 0 }).toEqual({ ...one.stats, duration_ms: 0 });
  });

  it('leaves out gold replays and test-infrastructure edits unless asked, counting both, and says where samples came from', async () => {
    const endpoint = 'http://127.0.0.1:8000/v1';
    const judged = (id: string, changes: Partial<Trajectory>, infra?: string[]): Trajectory => {
      const t = testTrajectory({ id, instance: `acme__calc-p${id}`, steps: [bash(id), finish] });
      return {
        ...t,
        endpoint,
        ...changes,
        judgement: { ...t.judgement!, ...(infra ? { touches_test_infra: infra } : {}) },
      };
    };
    const path = join(dir, 'provenance.jsonl');
    const lines = [
      judged('1', {}),
      judged('2', { policy: 'gold', model: 'gold', endpoint: undefined }),
      judged('3', {}, ['tests/conftest.py']),
      judged('4', {}, []),
    ];
    await writeFile(path, lines.map((t) => `${JSON.stringify(t)}\n`).join(''));
    const plain = await build('provenance', {
      trajectories: [path],
      format: 'axolotl',
      verifierBalance: 'none',
    });
    expect([plain.stats.kept, plain.stats.excluded, plain.stats.dropped]).toEqual([
      2,
      { gold_policy: 1, touches_test_infra: 1 },
      {},
    ]);
    expect(plain.stats.verifier).toMatchObject({ yes: 2, no: 0 });
    expect(plain.stats.provenance).toEqual([{ policy: 'model', model: 'test-model', endpoint, samples: 2 }]);
    const written = (await readFile(join(plain.outDir, 'ordered.jsonl'), 'utf8')).trim().split('\n');
    expect(written.map((l) => (JSON.parse(l) as { provenance: unknown }).provenance)).toEqual([
      { policy: 'model', model: 'test-model', endpoint },
      { policy: 'model', model: 'test-model', endpoint },
    ]);
    expect(formatSftStats(plain.stats)).toContain(
      'excluded: gold_policy 1, touches_test_infra 1 (--include-gold, --include-test-infra keeps them)',
    );
    const all = await build('provenance-all', {
      trajectories: [path],
      includeGold: true,
      includeTestInfra: true,
    });
    expect([all.stats.kept, all.stats.excluded]).toEqual([4, {}]);
    expect(all.stats.provenance).toEqual([
      { policy: 'model', model: 'test-model', endpoint, samples: 3 },
      { policy: 'gold', model: 'gold', endpoint: null, samples: 1 },
    ]);
  });

  it('budgets tokens on the exported text, in the function-list layout asked for', async () => {
    const path = join(dir, 'native.jsonl');
    const native = testTrajectory({
      id: 'n',
      instance: 'acme__calc-n',
      format: 'native',
      steps: [bash('ls'), finish],
    });
    await writeFile(path, `${JSON.stringify(native)}\n`);
    const options = { trajectories: [path], verifier: false, functionList: 'openhands' as const };
    const { stats, outDir } = await build('budget', options);
    const line = JSON.parse(await readFile(join(outDir, 'ordered.jsonl'), 'utf8')) as {
      messages: Array<{ role: string; content: string; turn_mask: boolean }>;
    };
    expect(line.messages[0]!.content).toContain('---- BEGIN FUNCTION #1: execute_bash ----');
    const counter = await loadTokenCounter('qwen3');
    const count = (m: { content: string }) => 5 + counter.count(m.content);
    const total = line.messages.reduce((n, m) => n + count(m), 0);
    const trained = line.messages.filter((m) => m.role === 'assistant' && !m.turn_mask);
    expect([stats.tokens, stats.trained_tokens]).toEqual([total, trained.reduce((n, m) => n + count(m), 0)]);
    expect((await build('budget-fits', { ...options, maxTokens: total })).stats.kept).toBe(1);
    const over = await build('budget-over', { ...options, maxTokens: total - 1 });
    expect([over.stats.kept, over.stats.dropped]).toEqual([0, { over_max_tokens: 1 }]);
  });
});
