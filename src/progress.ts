import cliProgress from 'cli-progress';

export type ProgressMode = 'auto' | 'bar' | 'lines' | 'off';

export interface ProgressCounts {
  done: number;
  skipped: number;
  failed: number;
}

export interface ProgressReporter {
  update(counts: ProgressCounts): void;
  stop(): void;
}

export interface ProgressOptions {
  block: string;
  total: number;
  /** Where progress goes; default stderr. `auto` draws a bar only when it is a TTY. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Lines mode prints at least this often while items finish; default 5 s. */
  intervalMs?: number;
  /** The clock, in ms; default Date.now. */
  now?: () => number;
}

/** What a run did: counts, whether it was interrupted, and every failure. */
export interface RunSummary {
  block: string;
  total: number;
  done: number;
  skipped: number;
  failed: number;
  interrupted: boolean;
  failures: { key: string; code: string; message: string }[];
  duration_ms: number;
}

const reporters = {
  bar: barReporter,
  lines: lineReporter,
  off: (): ProgressReporter => ({ update: () => {}, stop: () => {} }),
};

/** A progress display for one block run: a bar on a TTY, otherwise a line every ~5 s or 10% of items. */
export function createProgress(mode: ProgressMode, options: ProgressOptions): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  const resolved = mode === 'auto' ? (stream.isTTY ? 'bar' : 'lines') : mode;
  return reporters[resolved]({ ...options, stream });
}

function finishedOf(counts: ProgressCounts): number {
  return counts.done + counts.skipped + counts.failed;
}

function barReporter(options: ProgressOptions): ProgressReporter {
  const now = options.now ?? Date.now;
  const started = now();
  let counts: ProgressCounts = { done: 0, skipped: 0, failed: 0 };
  const bar = new cliProgress.SingleBar(
    {
      stream: options.stream,
      format: (format, params) =>
        `${options.block} [${cliProgress.Format.BarFormat(params.progress, format)}] ${params.value}/${params.total}` +
        ` | done ${counts.done} skipped ${counts.skipped} failed ${counts.failed}` +
        ` | ${eta(counts, options.total, now() - started)}`,
      hideCursor: null,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(options.total, 0);
  return {
    update: (next) => {
      counts = next;
      bar.update(finishedOf(next));
    },
    stop: () => bar.stop(),
  };
}

function lineReporter(options: ProgressOptions): ProgressReporter {
  const now = options.now ?? Date.now;
  const started = now();
  const interval = options.intervalMs ?? 5000;
  const step = Math.max(1, Math.ceil(options.total / 10));
  let lastPrintedAt = started;
  let nextStep = step;
  return {
    update(counts) {
      const finished = finishedOf(counts);
      const due = now() - lastPrintedAt >= interval || finished >= nextStep || finished === options.total;
      if (!due) return;
      lastPrintedAt = now();
      nextStep = (Math.floor(finished / step) + 1) * step;
      options.stream?.write(`${progressLine(options, counts, now() - started)}\n`);
    },
    stop: () => {},
  };
}

/**
 * The time left at the pace of the items worked on so far. Skipped items (done in an earlier run) cost
 * nothing, so they neither count toward the pace nor make it look faster.
 */
function eta(counts: ProgressCounts, total: number, elapsedMs: number): string {
  const left = total - finishedOf(counts);
  if (left <= 0) return 'eta 0 s';
  const worked = counts.done + counts.failed;
  if (worked === 0) return 'eta --';
  const secondsLeft = Math.round(((elapsedMs / worked) * left) / 1000);
  if (secondsLeft < 60) return `eta ${secondsLeft} s`;
  const [minutes, hours] = [Math.floor(secondsLeft / 60), Math.floor(secondsLeft / 3600)];
  if (hours === 0) return `eta ${minutes} min ${secondsLeft % 60} s`;
  return `eta ${hours} h ${minutes % 60} min`;
}

function progressLine(options: ProgressOptions, counts: ProgressCounts, elapsedMs: number): string {
  const finished = finishedOf(counts);
  const percent = options.total === 0 ? 100 : Math.floor((finished / options.total) * 100);
  return (
    `${options.block}: ${finished}/${options.total} (${percent}%) done ${counts.done}, ` +
    `skipped ${counts.skipped}, failed ${counts.failed}, ${seconds(elapsedMs)}, ` +
    eta(counts, options.total, elapsedMs)
  );
}

const shownFailures = 20;

/** A short human-readable report of a run: one headline, then up to 20 failures. */
export function formatSummary(summary: RunSummary): string {
  const headline =
    `${summary.block}: ${summary.total} items, ${summary.done} done, ${summary.skipped} skipped, ` +
    `${summary.failed} failed in ${seconds(summary.duration_ms)}` +
    (summary.interrupted ? ` (interrupted: ${pending(summary)} not run)` : '');
  const failures = summary.failures
    .slice(0, shownFailures)
    .map((f) => `  ${f.key}: ${f.code}: ${firstLine(f.message)}`);
  const more = summary.failures.length - shownFailures;
  if (more > 0) failures.push(`  ... and ${more} more`);
  return [headline, ...(failures.length > 0 ? ['failures:', ...failures] : [])].join('\n');
}

function pending(summary: RunSummary): number {
  return summary.total - summary.done - summary.skipped - summary.failed;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function firstLine(message: string): string {
  const line = message.split('\n', 1)[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}
