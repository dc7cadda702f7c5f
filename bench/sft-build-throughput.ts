import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { buildSftDatasets } from '../src/blocks/sft/build.js';
import { testTrajectory, type TestStep } from '../src/blocks/sft/test-trajectories.js';
import type { Trajectory } from '../src/schema/trajectory.js';
import { mulberry32 } from '../src/random.js';

/** What the benchmark measured. Both speeds are tokens of the same text: every message's content in the input. */
export interface SftBuildFigures {
  inputMb: number;
  trajectories: number;
  /** Threads of the build and of the baseline alike. */
  workers: number;
  buildSeconds: number;
  buildMbPerSecond: number;
  /** Tokens (bare `encode`) and bytes of every message's content in the input. */
  textTokens: number;
  textMb: number;
  /** The input's message-text tokens divided by the build's wall time. */
  buildTokensPerSecond: number;
  /** The bare tokenizer's `encode` over that same text, split over `workers` worker threads, same run. */
  tokenizerSeconds: number;
  tokenizerTokensPerSecond: number;
  /** Tokens the build counted in the samples it kept (tools and tool calls included). */
  keptTokens: number;
  /** Peak resident memory (MB) once each quarter of the input was read. */
  peakRssByQuarter: number[];
}

/** Lines of this repository's sources and docs: real code and prose for observations and edits. */
async function corpus(): Promise<string[]> {
  const lines: string[] = [];
  for (const dir of ['src/agent', 'src/harness', 'src/blocks/trajgen', 'docs']) {
    for (const name of await readdir(dir)) {
      if (!/\.(ts|md)$/.test(name)) continue;
      lines.push(...(await readFile(join(dir, name), 'utf8')).split('\n'));
    }
  }
  return lines;
}

function trajectoryOf(n: number, lines: string[], next: () => number): Trajectory {
  const pick = (count: number) =>
    Array.from({ length: count }, () => lines[Math.floor(next() * lines.length)]!).join('\n');
  const unique = (text: string) => `${text}\n# run ${n} ${Math.floor(next() * 1e9).toString(36)}`;
  const steps: TestStep[] = Array.from({ length: 5 + Math.floor(next() * 40) }, (_, i) => ({
    tool: i % 3 === 0 ? 'str_replace_editor' : 'execute_bash',
    args:
      i % 3 === 0
        ? { command: 'str_replace', path: '/testbed/a.py', old_str: pick(3), new_str: pick(3) }
        : { command: pick(1) },
    observation: unique(pick(10 + Math.floor(next() * 60))),
    thought: unique(pick(2)),
    ...(next() < 0.15 ? { error: 'editor_error' } : {}),
  }));
  return testTrajectory({
    id: `b${n}`,
    instance: `bench__repo-${n % 5000}`,
    steps,
    resolved: next() < 0.8,
    format: n % 2 ? 'text' : 'native',
  });
}

/** Writes at least `megabytes` MB of trajectory JSONL; returns the count. */
async function generate(path: string, megabytes: number): Promise<number> {
  const lines = await corpus();
  const next = mulberry32(42);
  const out = createWriteStream(path);
  let bytes = 0;
  let n = 0;
  while (bytes < megabytes * 1e6) {
    const line = `${JSON.stringify(trajectoryOf(n++, lines, next))}\n`;
    bytes += Buffer.byteLength(line);
    if (!out.write(line)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
  return n;
}

function tokenizeWorker(workerData: unknown): Worker {
  const source = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), 'sft-tokenize-worker.ts')).href;
  const tsxApi = join(dirname(createRequire(import.meta.url).resolve('tsx/esm/api')), 'index.mjs');
  const boot = `import(${JSON.stringify(pathToFileURL(tsxApi).href)})
    .then((api) => { api.register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(boot, { eval: true, workerData });
}

/**
 * The bare tokenizer's `encode` over every message's content in `path`, in `workers` threads: each thread
 * loads its share of the text first, then all encode at once; the wall time of that encoding is measured.
 */
async function tokenizerBaseline(path: string, workers: number) {
  const threads = Array.from({ length: workers }, (_, index) => tokenizeWorker({ path, index, of: workers }));
  const next = (worker: Worker) =>
    new Promise<{ tokens: number; bytes: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  await Promise.all(threads.map(next));
  const started = performance.now();
  const shares = threads.map(next);
  for (const worker of threads) worker.postMessage('go');
  const done = await Promise.all(shares);
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(threads.map((worker) => worker.terminate()));
  const tokens = done.reduce((n, d) => n + d.tokens, 0);
  return { seconds, tokens, mb: done.reduce((n, d) => n + d.bytes, 0) / 1e6 };
}

export async function benchSftBuild(megabytes = 1024): Promise<SftBuildFigures> {
  const root = await mkdtemp(join(tmpdir(), 'lf-sft-bench-'));
  try {
    const input = join(root, 'trajectories.jsonl');
    const trajectories = await generate(input, megabytes);
    const inputMb = (await stat(input)).size / 1e6;
    const workers = Math.min(2, availableParallelism());
    const quarters = [0, 0, 0, 0];
    let quarter = 0;
    const sample = setInterval(() => {
      quarters[quarter] = Math.max(quarters[quarter]!, process.memoryUsage().rss / 1e6);
    }, 50);
    const started = performance.now();
    const built = await buildSftDatasets({
      trajectories: [input],
      outDir: join(root, 'out'),
      format: 'swe-lego',
      verifier: true,
      workers,
      onProgress: (records) => {
        quarter = Math.min(3, Math.floor((4 * records) / trajectories));
      },
    });
    const buildSeconds = (performance.now() - started) / 1000;
    clearInterval(sample);
    const baseline = await tokenizerBaseline(input, workers);
    return {
      inputMb,
      trajectories,
      workers,
      buildSeconds,
      buildMbPerSecond: inputMb / buildSeconds,
      textTokens: baseline.tokens,
      textMb: baseline.mb,
      buildTokensPerSecond: baseline.tokens / buildSeconds,
      tokenizerSeconds: baseline.seconds,
      tokenizerTokensPerSecond: baseline.tokens / baseline.seconds,
      keptTokens: built.stats.tokens,
      peakRssByQuarter: quarters.map((q, i) => Math.max(q, ...quarters.slice(0, i))),
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

export function formatSftBuild(f: SftBuildFigures): string {
  const ratio = f.buildTokensPerSecond / f.tokenizerTokensPerSecond;
  const [first, , , last] = f.peakRssByQuarter;
  const ktok = (n: number) => `${(n / 1000).toFixed(0)}k tokens/s`;
  return [
    `sft-build-throughput: ${f.inputMb.toFixed(0)} MB of trajectory JSONL (${f.trajectories} trajectories), ` +
      `${f.textMb.toFixed(0)} MB of message text = ${f.textTokens} tokens; ${f.workers} worker threads for both`,
    `sft-build-throughput: build ${ktok(f.buildTokensPerSecond)} of that text (${f.buildSeconds.toFixed(1)} s, ` +
      `${f.buildMbPerSecond.toFixed(1)} MB/s of JSONL, ${f.keptTokens} tokens in kept samples) vs bare tokenizer encode ` +
      `${ktok(f.tokenizerTokensPerSecond)} (${f.tokenizerSeconds.toFixed(1)} s) = ${ratio.toFixed(2)}x`,
    `sft-build-throughput: peak RSS after each quarter of the input: ${f.peakRssByQuarter.map((m) => m.toFixed(0)).join(', ')} MB ` +
      `(last/first ${(last! / first!).toFixed(2)})`,
  ].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(formatSftBuild(await benchSftBuild(Number(process.argv[2] ?? 1024))));
}
