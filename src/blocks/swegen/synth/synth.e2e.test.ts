import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExampleRepo } from '../../../examples/build.js';
import { mathkit } from '../../../examples/repos/mathkit.js';
import { textkit } from '../../../examples/repos/textkit.js';
import { testPipOptions } from '../../../env/test-fixtures.js';
import {
  startScriptedServer,
  type ScriptedReply,
  type ScriptedServer,
} from '../../../llm/scripted-server.js';
import { tempDir } from '../../../repos/test-repo.js';
import { Candidate } from '../../../schema/swegen.js';
import { runEval } from '../../eval/run-eval.js';
import { formatLedger } from '../ledger.js';
import { validateCandidates } from '../validate/run-validate.js';
import { synthesize, type SynthRunResult } from './run-synth.js';

const broken: Record<string, [modify: string, rewrite: string]> = {
  mean: [
    'def mean(xs):\n    if not xs:\n        raise ValueError("mean() of an empty sequence")\n    return sum(xs) / (len(xs) + 1)\n',
    'def mean(xs):\n    return sum(xs) / len(xs)\n',
  ],
  median: [
    'def median(xs):\n    ordered = sorted(xs)\n    mid = len(ordered) // 2\n    if len(ordered) % 2 == 0:\n        return (ordered[mid - 1] + ordered[mid]) / 2\n    return ordered[mid - 1]\n',
    'def median(xs):\n    return sorted(xs)[len(xs) // 2]\n',
  ],
  slugify: [
    'def slugify(text):\n    text = text.strip().lower()\n    return re.sub(r"[^a-z0-9]+", "_", text).strip("-")\n',
    'def slugify(text):\n    return text.lower().replace(" ", "-")\n',
  ],
};

/** A model that plants a known bug, re-implements a function wrongly, or writes a plain bug report. */
function model({ request }: { request: { messages: { content?: string | null }[] } }): ScriptedReply {
  const prompt = request.messages[0]?.content ?? '';
  if (prompt.includes('bug report'))
    return { content: 'Some results are wrong for ordinary input; they should match the documentation.' };
  const name = /function\s+`(\w+)`/.exec(prompt)?.[1] ?? '';
  const code = broken[name]?.[prompt.includes('Introduce exactly one subtle bug') ? 0 : 1];
  return { content: code ? `\`\`\`python\n${code}\`\`\`` : 'no' };
}

let root: string;
let server: ScriptedServer;
let repos: Record<string, string>;
let result: SynthRunResult;
const tasks = () => ({ cacheDir: join(root, 'cache'), repos, envOverrides: {}, runId: 'synth-e2e' });

beforeAll(async () => {
  root = await tempDir('lf-synth-e2e-');
  server = await startScriptedServer({ agents: { scripted: model } });
  const built = await Promise.all(
    [mathkit, textkit].map((example) => buildExampleRepo(example, join(root, 'examples'))),
  );
  repos = Object.fromEntries(built.map((b) => [b.repo, b.path]));
  result = await synthesize({
    repos: { [mathkit.repo]: repos[mathkit.repo]! },
    outPath: join(root, 'mathkit', 'candidates.jsonl'),
    runDir: join(root, 'mathkit', 'run'),
    strategies: ['procedural', 'lm-modify', 'lm-rewrite', 'combine'],
    max: 4,
    seed: 11,
    model: {
      baseUrl: server.url,
      model: 'scripted',
      pricing: { inputPerMTok: 1, outputPerMTok: 2 },
      retry: { retries: 1, baseDelayMs: 5 },
    },
    sandbox: 'local',
    timeoutMs: 120_000,
    tasks: { ...tasks(), pip: await testPipOptions() },
    validate: { runs: 2, outPath: join(root, 'mathkit', 'instances.jsonl') },
    workers: 2,
    progress: 'off',
  });
}, 900_000);
afterAll(async () => {
  await server.close();
  await rm(root, { recursive: true, force: true });
});

describe('swegen synth → validate → eval on the example repositories (local sandbox)', () => {
  it('makes candidates swegen validate reads as they are, with statements that never reveal the fix', async () => {
    const lines = (await readFile(result.outPath, 'utf8')).trim().split('\n');
    const candidates = lines.map((line) => Candidate.parse(JSON.parse(line)));
    expect(candidates.map((c) => c.instance_id)).toEqual(result.candidates.map((c) => c.instance_id));
    for (const candidate of candidates) {
      expect(candidate.test_patch).toBe('');
      expect(candidate.problem_statement.trim()).not.toBe('');
      expect(candidate.source?.['commit']).toBe(result.results[0]!.commit);
      expect(candidate.base_commit).not.toBe(result.results[0]!.commit);
    }
    expect(new Set(candidates.map((c) => c.statement_source))).toEqual(new Set(['model']));
  });

  it('validates bugs of every strategy, and records tokens and cost per strategy', () => {
    const rows = Object.fromEntries(result.ledger.strategies!.map((row) => [row.strategy, row]));
    expect(Object.keys(rows)).toEqual(['procedural', 'lm-modify', 'lm-rewrite', 'combine']);
    expect(rows['procedural']!.candidates).toBe(4);
    for (const strategy of ['procedural', 'lm-modify', 'lm-rewrite', 'combine'])
      expect(rows[strategy]!.valid, strategy).toBeGreaterThanOrEqual(1);
    expect(rows['lm-modify']!.prompt_tokens).toBeGreaterThan(0);
    expect(rows['lm-modify']!.cost_usd).toBeGreaterThan(0);
    expect(rows['procedural']!.prompt_tokens).toBeGreaterThan(0);
    expect(formatLedger(result.ledger)).toMatch(/^procedural +4 +\d+ +\d+ +\d+% /m);
    const combined = result.validation!.instances.find((i) => i.source?.kind === 'synthetic:combine')!;
    expect((combined.source?.['params'] as { parts: string[] }).parts).toHaveLength(2);
    for (const instance of result.validation!.instances)
      expect(instance.FAIL_TO_PASS.length).toBeGreaterThan(0);
  });

  it('evaluates the instances from the instance file and the original repository alone: gold resolves, empty does not', async () => {
    // No mirror may hold a synthetic commit: eval clones the original repository and rebuilds them.
    await rm(join(root, 'cache', 'repos'), { recursive: true, force: true });
    const instancesPath = result.validation!.outPath;
    const total = result.validation!.instances.length;
    const options = {
      instancesPath,
      outDir: join(root, 'eval'),
      sandbox: 'local' as const,
      timeoutMs: 120_000,
      scope: 'test_files' as const,
      tasks: { ...tasks(), pip: await testPipOptions() },
      workers: 2,
      progress: 'off' as const,
    };
    const started = Date.now();
    const gold = await runEval({ ...options, predictions: 'gold', runId: 'gold' });
    console.log('gold eval seconds', (Date.now() - started) / 1000, total);
    expect(gold.summary).toMatchObject({
      total_instances: total,
      resolved_instances: total,
      error_instances: 0,
    });
    const empty = await runEval({ ...options, predictions: 'empty', runId: 'empty' });
    expect(empty.summary).toMatchObject({ total_instances: total, resolved_instances: 0 });
  });

  it('makes TypeScript candidates that swegen validate keeps as they are', async () => {
    const ts = await synthesize({
      repos: { [textkit.repo]: repos[textkit.repo]! },
      outPath: join(root, 'textkit', 'candidates.jsonl'),
      runDir: join(root, 'textkit', 'run'),
      strategies: ['procedural'],
      max: 2,
      seed: 5,
      sandbox: 'local',
      timeoutMs: 120_000,
      tasks: tasks(),
      progress: 'off',
    });
    expect(ts.candidates.length).toBeGreaterThanOrEqual(1);
    expect(ts.candidates.every((c) => c.statement_source === 'tests')).toBe(true);
    const validated = await validateCandidates({
      candidatesPath: ts.outPath,
      outPath: join(root, 'textkit', 'instances.jsonl'),
      runDir: join(root, 'textkit', 'validate'),
      sandbox: 'local',
      runs: 1,
      timeoutMs: 120_000,
      tasks: tasks(),
      progress: 'off',
    });
    expect(validated.instances.length).toBe(ts.candidates.length);
    expect(validated.instances[0]!.FAIL_TO_PASS[0]).toMatch(/^test\/\w+\.test\.ts > /);
  });
});
