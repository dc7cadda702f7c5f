import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ValidateRunResult } from '../src/blocks/swegen/validate/run-validate.js';
import { chooseSandbox } from '../src/quickstart.js';
import type { ProviderName } from '../src/sandbox/index.js';
import type { YieldLedger } from '../src/schema/swegen.js';
import { minedValidator } from './validate-runs.js';

/** One `swegen validate` run over the mined candidates, with its per-step time summed over candidates. */
export interface ValidatePass {
  wallMs: number;
  candidates: number;
  kept: number;
  /** Instances that also passed the gate. */
  instances: number;
  rejections: YieldLedger['rejections'];
  itemMs: number;
  testMs: number;
  /** Outside the test commands, by step; `other` is what no step accounts for (the block's own work). */
  phases: Record<string, number>;
  gateMs: number;
  /** Environment builds the run started (`== building` lines its build logs gained). */
  builds: number;
}

/** What the real-repository benchmark measured: a first run (caches cold) and a second one (warm). */
export interface RealValidateFigures {
  repo: string;
  commits: number;
  sandbox: ProviderName;
  workers: number;
  runs: number;
  cold: ValidatePass;
  warm: ValidatePass;
}

export interface RealValidateOptions {
  repo: string;
  /** Local path (a `fetch`ed mirror) or URL of the repository. */
  source: string;
  commits: number;
  sandbox?: ProviderName | 'auto';
  workers?: number;
  runs?: number;
  /** Writes every validation verdict here (sorted JSON lines), to compare two versions of the code. */
  verdictsPath?: string;
}

/** Environment builds started so far in a cache: one `== building` line per build in `logs/env-*.log`. */
async function buildsIn(cacheDir: string): Promise<number> {
  const logs = join(cacheDir, 'logs');
  const names = await readdir(logs).catch(() => [] as string[]);
  const builds = names.filter((name) => /^env-[0-9a-f]{16}-(docker|local)\.log$/.test(name));
  const texts = await Promise.all(builds.map((name) => readFile(join(logs, name), 'utf8')));
  return texts.reduce((n, text) => n + (text.match(/^== building/gm)?.length ?? 0), 0);
}

function passOf(wallMs: number, builds: number, result: ValidateRunResult): ValidatePass {
  const phases: Record<string, number> = {};
  for (const record of result.records) {
    let accounted = record.timing.test_ms;
    for (const [name, ms] of Object.entries(record.timing.phases ?? {})) {
      phases[name] = (phases[name] ?? 0) + ms;
      accounted += ms;
    }
    phases['other'] = (phases['other'] ?? 0) + Math.max(0, record.timing.total_ms - accounted);
  }
  const stage = (name: string) => result.ledger.stages.find((s) => s.stage === name);
  return {
    wallMs,
    candidates: stage('validate')?.input ?? 0,
    kept: stage('validate')?.output ?? 0,
    instances: result.instances.length,
    rejections: result.ledger.rejections,
    itemMs: result.ledger.item_ms,
    testMs: result.ledger.test_ms,
    phases,
    gateMs: stage('gate')?.duration_ms ?? 0,
    builds,
  };
}

/** The verdicts of a run, one sorted JSON line each: what must not change when validation gets faster. */
function verdictLines(result: ValidateRunResult): string {
  return result.records
    .map((r) =>
      JSON.stringify({
        instance_id: r.instance_id,
        status: r.status,
        reason: r.reason ?? null,
        FAIL_TO_PASS: r.FAIL_TO_PASS,
        PASS_TO_PASS: r.PASS_TO_PASS,
        gate: result.instances.some((i) => i.instance_id === r.instance_id),
      }),
    )
    .sort()
    .map((line) => `${line}\n`)
    .join('');
}

/**
 * Mines the last `commits` first-parent commits of a real repository and validates the candidates twice
 * with one cache: the first run builds environments, the second finds everything built.
 */
export async function benchValidateRealRepo(options: RealValidateOptions): Promise<RealValidateFigures> {
  const root = await mkdtemp(join(tmpdir(), 'lf-bench-validate-real-'));
  try {
    const sandbox = (await chooseSandbox(options.sandbox ?? 'auto')).name;
    const [workers, runs] = [options.workers ?? 2, options.runs ?? 3];
    const repos = { [options.repo]: options.source };
    const { cacheDir, validate: run } = await minedValidator(root, repos, {
      sandbox,
      workers,
      runs,
      maxCommits: options.commits,
    });
    const validate = async (name: string): Promise<[ValidatePass, ValidateRunResult]> => {
      const builds = await buildsIn(cacheDir);
      const [wallMs, result] = await run(name);
      return [passOf(wallMs, (await buildsIn(cacheDir)) - builds, result), result];
    };
    const [cold] = await validate('cold');
    const [warm, result] = await validate('warm');
    if (options.verdictsPath) await writeFile(options.verdictsPath, verdictLines(result));
    return { repo: options.repo, commits: options.commits, sandbox, workers, runs, cold, warm };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const percent = (part: number, whole: number) => `${((part / whole) * 100).toFixed(0)}%`;

function formatPass(label: string, p: ValidatePass): string[] {
  const outside = p.itemMs - p.testMs;
  const lost = p.rejections.map((r) => `${r.stage}/${r.reason} ${r.count}`).join(', ') || 'none';
  const steps = Object.entries(p.phases)
    .sort(([, a], [, b]) => b - a)
    .map(([name, ms]) => `${name} ${seconds(ms)} (${percent(ms, p.itemMs)})`)
    .join(', ');
  return [
    `${label}: ${p.candidates} candidates, ${p.kept} kept, ${p.instances} past the gate; lost: ${lost}; ` +
      `${p.builds} environment builds`,
    `${label}: wall ${seconds(p.wallMs)} (gate ${seconds(p.gateMs)}); per-candidate time ${seconds(p.itemMs)}, ` +
      `inside test commands ${seconds(p.testMs)}: ${percent(outside, p.itemMs)} outside them ` +
      `(outside / inside = ${(outside / p.testMs).toFixed(2)}x)`,
    `${label}: outside by step: ${steps}`,
  ];
}

/** The figures as one block of text. */
export function formatValidateRealRepo(f: RealValidateFigures): string {
  return [
    `validate-throughput: ${f.repo}, last ${f.commits} first-parent commits, ${f.runs} NOP + ${f.runs} Oracle ` +
      `runs each, --workers ${f.workers}, ${f.sandbox} sandbox`,
    ...formatPass('first run (caches cold)', f.cold),
    ...formatPass('second run (caches warm)', f.warm),
    `validate-throughput: second run / first run wall time = ${(f.warm.wallMs / f.cold.wallMs).toFixed(2)}`,
  ].join('\n');
}
