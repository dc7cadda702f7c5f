import { LegoError } from '../errors.js';

const units = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } satisfies Record<string, number>;

/** `--every`'s period in milliseconds: a positive whole number and a unit, `90s`, `30m`, `6h`, `1d`. */
export function parsePeriod(text: string): number {
  const match = /^(\d+)([smhd])$/.exec(text.trim());
  const n = match ? Number(match[1]) : 0;
  if (!match || n <= 0)
    throw new LegoError('bad_input', `--every: "${text}" is not a period such as 90s, 30m, 6h or 1d`);
  return n * units[match[2] as keyof typeof units];
}

export interface EveryOptions {
  periodMs: number;
  /** Aborting ends the loop: the run in progress finishes, no new one starts. */
  stop: AbortSignal;
  /** Stop after this many runs (tests); unbounded when absent. */
  maxRuns?: number;
  log?: (line: string) => void;
}

/** Resolves after `ms`, or as soon as `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

/**
 * Runs `once` every `periodMs` (counted from each run's start; a run longer than the period is followed
 * at once by the next) until `stop` aborts or `maxRuns` is reached. Returns the number of runs.
 */
export async function runEvery(once: (n: number) => Promise<void>, options: EveryOptions): Promise<number> {
  let runs = 0;
  while (!options.stop.aborted && runs < (options.maxRuns ?? Infinity)) {
    const started = Date.now();
    await once(runs);
    runs++;
    if (options.stop.aborted || runs >= (options.maxRuns ?? Infinity)) break;
    const wait = Math.max(0, options.periodMs - (Date.now() - started));
    options.log?.(
      `next refresh in ${Math.round(wait / 1000)} s (at ${new Date(Date.now() + wait).toISOString()})`,
    );
    await pause(wait, options.stop);
  }
  return runs;
}
