import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import PQueue from 'p-queue';
import { hostPipIndexes } from '../src/env/pip-options.js';
import { readLedger } from '../src/env/ledger.js';
import type { ProviderName } from '../src/sandbox/index.js';
import type { LedgerAttempt, LedgerEntry, LedgerResult } from '../src/schema/env-ledger.js';
import { bareInstance } from '../src/tasks/bare-instance.js';
import { TaskSandboxes } from '../src/tasks/task-sandboxes.js';
import { benchRepos, mirrorOf, pickCommits, type BenchRepo } from './env-success-repos.js';
import { mirrorUrlEnv } from './mirror-urls.js';

/** How one (repository, commit) pair ended; `timeout` is a suite that outlasted the check, so unchecked. */
export type PairOutcome = 'passed' | 'timeout' | 'failed';

export interface PairFigures {
  repo: string;
  commit: string;
  /** The loop: detection, then repairs. */
  loop: PairOutcome;
  /** The loop's first attempt alone: the detected spec, no repairs. */
  detection: PairOutcome;
  attempts: number;
  /** Rules applied, in order. */
  rules: string[];
  /** Builds and checks of every attempt, from the ledger. */
  buildCheckMs: number;
  /** The loop's last message for a pair that did not pass, first line. */
  failure?: string;
}

export interface EnvSuccessOptions {
  mirrors: string;
  sandbox: ProviderName;
  checkTimeoutS: number;
  buildTimeoutS: number;
  attempts: number;
  concurrency: number;
  repos?: BenchRepo[];
  /** Called with the pairs so far after each pair, so an interrupted run leaves its figures. */
  progress?: (figures: EnvSuccessFigures) => Promise<void>;
  /** Older commits per repository besides HEAD. */
  older?: number;
  log?: (line: string) => void;
}

export interface EnvSuccessFigures {
  date: string;
  sandbox: ProviderName;
  checkTimeoutS: number;
  buildTimeoutS: number;
  attempts: number;
  commitRule: string;
  pairs: PairFigures[];
}

const TIMED_OUT = 'suite: did not finish within';

function outcomeOf(passed: boolean, message: string): PairOutcome {
  if (!passed) return 'failed';
  return message.startsWith(TIMED_OUT) ? 'timeout' : 'passed';
}

const firstLine = (text: string) => text.split('\n')[0]!.slice(0, 400);

/** A pair's figures from its own ledger (the pair's cache holds only its constructions). */
export function pairFigures(
  repo: string,
  commit: string,
  entries: LedgerEntry[],
  error?: string,
): PairFigures {
  const attempts = entries.filter((entry): entry is LedgerAttempt => entry.kind === 'attempt');
  const result = entries.findLast((entry): entry is LedgerResult => entry.kind === 'result');
  const first = attempts.find((attempt) => attempt.attempt === 1);
  const loop = result ? outcomeOf(result.status === 'ready', result.message) : 'failed';
  const failure = loop === 'passed' ? undefined : firstLine(result?.message ?? error ?? 'no ledger entry');
  return {
    repo,
    commit,
    loop,
    detection: first ? outcomeOf(first.passed, first.message) : 'failed',
    attempts: result?.attempts ?? attempts.length,
    rules: attempts.flatMap((attempt) => (attempt.repair ? [attempt.repair.rule] : [])),
    buildCheckMs: attempts.reduce((sum, attempt) => sum + attempt.duration_ms, 0),
    ...(failure ? { failure } : {}),
  };
}

/**
 * Runs the construction loop, as `env check` does (TaskSandboxes.open: detect, build, the whole-suite
 * check, diagnose, repair), on every pair. Recipe memory is off: each pair has a cache of its own for the
 * ledger and recipes, so every pair starts from detection; mirrors and built environments are shared.
 */
export async function benchEnvSuccess(options: EnvSuccessOptions): Promise<EnvSuccessFigures> {
  const root = await mkdtemp(join(tmpdir(), 'lf-bench-env-success-'));
  const log = options.log ?? (() => {});
  const older = options.older ?? 3;
  try {
    const shared = join(root, 'shared');
    for (const dir of ['repos', 'envs', 'locks', 'logs']) await mkdir(join(shared, dir), { recursive: true });
    const pip = await hostPipIndexes();
    const queue = new PQueue({ concurrency: options.concurrency });
    const pairs: PairFigures[] = [];
    const figures = (): EnvSuccessFigures => ({
      date: new Date().toISOString(),
      sandbox: options.sandbox,
      checkTimeoutS: options.checkTimeoutS,
      buildTimeoutS: options.buildTimeoutS,
      attempts: options.attempts,
      commitRule: `HEAD and the newest first-parent commits at least 6, 12 and 18 months older (${older} older)`,
      pairs,
    });
    const measureRepo = async ({ repo }: BenchRepo) => {
      const mirror = mirrorOf(options.mirrors, repo);
      for (const commit of await pickCommits(mirror, older)) {
        const cacheDir = join(root, 'pairs', `${repo.replace('/', '+')}@${commit.slice(0, 12)}`);
        await mkdir(cacheDir, { recursive: true });
        for (const dir of ['repos', 'envs', 'locks', 'logs'])
          await symlink(join(shared, dir), join(cacheDir, dir));
        const sandboxes = new TaskSandboxes({
          provider: options.sandbox,
          cacheDir,
          repos: { [repo]: mirror },
          envOverrides: {},
          runId: 'bench-env-success',
          pip,
          checkTimeoutMs: options.checkTimeoutS * 1000,
          buildTimeoutMs: options.buildTimeoutS * 1000,
          envAttempts: options.attempts,
        });
        let error: string | undefined;
        try {
          const task = await sandboxes.open(bareInstance('env-success', repo, commit));
          await task.close();
        } catch (err) {
          error = err instanceof Error ? err.message : String(err);
        } finally {
          await sandboxes.closeAll();
        }
        const pair = pairFigures(repo, commit, await readLedger(cacheDir, repo), error);
        pairs.push(pair);
        await options.progress?.(figures());
        log(
          `${repo}@${commit.slice(0, 8)}: loop ${pair.loop}, detection ${pair.detection}, ` +
            `${pair.attempts} attempt(s)${pair.rules.length ? ` [${pair.rules.join(', ')}]` : ''}` +
            `${pair.failure ? `: ${pair.failure}` : ''}`,
        );
      }
    };
    await Promise.all((options.repos ?? benchRepos).map((repo) => queue.add(() => measureRepo(repo))));
    const order = (options.repos ?? benchRepos).map((repo) => repo.repo);
    pairs.sort((a, b) => order.indexOf(a.repo) - order.indexOf(b.repo));
    return figures();
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

interface Row {
  name: string;
  tried: number;
  passed: number;
  timeout: number;
  detection: number;
  detectionTimeout: number;
  attempts: number;
  ms: number;
}

function rowOf(name: string, pairs: PairFigures[]): Row {
  const count = (pick: (pair: PairFigures) => boolean) => pairs.filter(pick).length;
  return {
    name,
    tried: pairs.length,
    passed: count((pair) => pair.loop === 'passed'),
    timeout: count((pair) => pair.loop === 'timeout'),
    detection: count((pair) => pair.detection === 'passed'),
    detectionTimeout: count((pair) => pair.detection === 'timeout'),
    attempts: pairs.reduce((sum, pair) => sum + pair.attempts, 0),
    ms: pairs.reduce((sum, pair) => sum + pair.buildCheckMs, 0),
  };
}

/** Per repository and in total: pass counts of the loop and of detection alone, attempts, time. */
export function envSuccessTable(figures: EnvSuccessFigures): { repos: Row[]; total: Row } {
  const names = [...new Set(figures.pairs.map((pair) => pair.repo))];
  return {
    repos: names.map((name) =>
      rowOf(
        name,
        figures.pairs.filter((pair) => pair.repo === name),
      ),
    ),
    total: rowOf('total', figures.pairs),
  };
}

export function ruleCounts(pairs: PairFigures[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const rule of pairs.flatMap((pair) => pair.rules)) counts[rule] = (counts[rule] ?? 0) + 1;
  return counts;
}

const pct = (n: number, d: number) => (d === 0 ? '-' : `${Math.round((n / d) * 100)}%`);

/** The figures as text: a table per repository, the total as a ratio against detection alone, the failures. */
export function formatEnvSuccess(figures: EnvSuccessFigures): string {
  const { repos, total } = envSuccessTable(figures);
  const line = (row: Row) =>
    `${row.name.padEnd(32)} ${`${row.passed}/${row.tried}`.padStart(6)} ${String(row.timeout).padStart(8)} ` +
    `${`${row.detection}/${row.tried}`.padStart(10)} ${(row.attempts / row.tried).toFixed(2).padStart(9)} ` +
    `${(row.ms / row.tried / 1000).toFixed(0).padStart(9)}`;
  const ratio = total.detection === 0 ? '-' : (total.passed / total.detection).toFixed(2);
  return [
    `env-success: ${total.tried} (repository, commit) pairs, ${figures.sandbox} sandbox, whole-suite check ` +
      `limited to ${figures.checkTimeoutS} s, builds to ${figures.buildTimeoutS} s, at most ${figures.attempts} attempts; ` +
      'recipe memory OFF (every pair starts from detection)',
    `env-success: commits: ${figures.commitRule}`,
    '',
    `${'repository'.padEnd(32)} ${'loop'.padStart(6)} ${'timeout'.padStart(8)} ${'detection'.padStart(10)} ` +
      `${'attempts'.padStart(9)} ${'s/pair'.padStart(9)}`,
    ...repos.map(line),
    line(total),
    '',
    `env-success: loop ${total.passed}/${total.tried} = ${pct(total.passed, total.tried)} passed, against detection ` +
      `alone ${total.detection}/${total.tried} = ${pct(total.detection, total.tried)} in the same run ` +
      `(${ratio}x); ${total.timeout} more outlasted the check (unchecked, not counted as passed; detection alone: ` +
      `${total.detectionTimeout})`,
    `env-success: ${(total.attempts / total.tried).toFixed(2)} attempts per environment; ` +
      `${(total.ms / 1000).toFixed(0)} s of builds and checks in all`,
    `env-success: rules fired: ${
      Object.entries(ruleCounts(figures.pairs))
        .sort((a, b) => b[1] - a[1])
        .map(([rule, n]) => `${rule} ${n}`)
        .join(', ') || 'none'
    }`,
    '',
    'failures (first line):',
    ...figures.pairs
      .filter((pair) => pair.loop !== 'passed')
      .map((pair) => `  ${pair.repo}@${pair.commit.slice(0, 8)} [${pair.loop}]: ${pair.failure}`),
  ].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // `npx tsx` passes this checkout's `.npmrc` (engine-strict, for LegoFactory's own dependencies) to every
  // npm the builds run; the repositories measured are not bound by it.
  delete process.env.npm_config_engine_strict;
  const { values } = parseArgs({
    options: {
      sandbox: { type: 'string', default: 'local' },
      mirrors: { type: 'string', default: '/work/.mirror' },
      json: { type: 'string' },
      only: { type: 'string' },
      'check-timeout': { type: 'string', default: '180' },
      'build-timeout': { type: 'string', default: '600' },
      attempts: { type: 'string', default: '4' },
      concurrency: { type: 'string', default: '2' },
      older: { type: 'string', default: '3' },
      merge: { type: 'string' },
    },
  });
  const json = (figures: EnvSuccessFigures) => {
    const table = envSuccessTable(figures);
    return `${JSON.stringify({ ...figures, table, rules: ruleCounts(figures.pairs) }, null, 2)}\n`;
  };
  if (values.merge) {
    // Runs of parts of the list, made side by side with --only: one table over all their pairs
    const parts = await Promise.all(
      values.merge
        .split(',')
        .map(async (path) => JSON.parse(await readFile(path, 'utf8')) as EnvSuccessFigures),
    );
    const order = benchRepos.map((repo) => repo.repo);
    const pairs = parts
      .flatMap((part) => part.pairs)
      .sort((a, b) => order.indexOf(a.repo) - order.indexOf(b.repo));
    const merged = { ...parts[0]!, pairs };
    console.log(formatEnvSuccess(merged));
    if (values.json) await writeFile(values.json, json(merged));
  } else {
    // Submodules are fetched from the mirrors, as a user's git config can map URLs to mirrors
    Object.assign(process.env, await mirrorUrlEnv(values.mirrors, process.env));
    const only = values.only?.split(',');
    const figures = await benchEnvSuccess({
      mirrors: values.mirrors,
      sandbox: values.sandbox as ProviderName,
      checkTimeoutS: Number(values['check-timeout']),
      buildTimeoutS: Number(values['build-timeout']),
      attempts: Number(values.attempts),
      concurrency: Number(values.concurrency),
      older: Number(values.older),
      repos: only ? benchRepos.filter((repo) => only.includes(repo.repo)) : benchRepos,
      log: (line) => console.error(line),
      ...(values.json ? { progress: (partial) => writeFile(values.json!, json(partial)) } : {}),
    });
    console.log(formatEnvSuccess(figures));
    if (values.json) await writeFile(values.json, json(figures));
  }
}
