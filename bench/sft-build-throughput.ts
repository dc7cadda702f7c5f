import { createWriteStream } from 'node:fs';
import { mkdtemp, open, readFile, readdir, rm, stat } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSftDatasets } from '../src/blocks/sft/build.js';
import { testTrajectory, type TestStep } from '../src/blocks/sft/test-trajectories.js';
import { loadTokenCounter } from '../src/blocks/sft/tokenizer.js';
import type { Trajectory } from '../src/schema/trajectory.js';
import { mulberry32 } from '../src/random.js';

/** What the benchmark measured. */
export interface SftBuildFigures {
  inputMb: number;
  trajectories: number;
  workers: number;
  buildSeconds: number;
  buildMbPerSecond: number;
  /** `encode` of the raw tokenizer on the messages' text, one thread, same run. */
  tokenizerMbPerSecond: number;
  tokenizerSampleMb: number;
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

/** The raw tokenizer's encode speed on the first `megabytes` MB of the same messages' text. */
async function tokenizerSpeed(path: string, megabytes: number): Promise<number> {
  const counter = await loadTokenCounter('qwen3');
  const texts: string[] = [];
  let size = 0;
  const handle = await open(path, 'r');
  const head = Buffer.alloc(64e6);
  const { bytesRead } = await handle.read(head, 0, head.length, 0);
  await handle.close();
  const lines = head.subarray(0, bytesRead).toString('utf8').split('\n').slice(0, -1);
  for (const line of lines) {
    if (size >= megabytes * 1e6) break;
    for (const message of (JSON.parse(line) as Trajectory).messages) {
      texts.push(message.content ?? '');
      size += Buffer.byteLength(message.content ?? '');
    }
  }
  const started = performance.now();
  for (const text of texts) counter.encode(text);
  return size / 1e6 / ((performance.now() - started) / 1000);
}

export async function benchSftBuild(megabytes = 1024, tokenizerSampleMb = 8): Promise<SftBuildFigures> {
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
    await buildSftDatasets({
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
    return {
      inputMb,
      trajectories,
      workers,
      buildSeconds,
      buildMbPerSecond: inputMb / buildSeconds,
      tokenizerMbPerSecond: await tokenizerSpeed(input, tokenizerSampleMb),
      tokenizerSampleMb,
      peakRssByQuarter: quarters.map((q, i) => Math.max(q, ...quarters.slice(0, i))),
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

export function formatSftBuild(f: SftBuildFigures): string {
  const ratio = f.buildMbPerSecond / f.tokenizerMbPerSecond;
  const [first, , , last] = f.peakRssByQuarter;
  return [
    `sft-build-throughput: ${f.inputMb.toFixed(0)} MB of trajectory JSONL (${f.trajectories} trajectories), ${f.workers} worker threads`,
    `sft-build-throughput: build ${f.buildMbPerSecond.toFixed(1)} MB/s (${f.buildSeconds.toFixed(1)} s) vs bare tokenizer encode ` +
      `${f.tokenizerMbPerSecond.toFixed(2)} MB/s of message text (${f.tokenizerSampleMb} MB sample, 1 thread) = ${ratio.toFixed(1)}x`,
    `sft-build-throughput: peak RSS after each quarter of the input: ${f.peakRssByQuarter.map((m) => m.toFixed(0)).join(', ')} MB ` +
      `(last/first ${(last! / first!).toFixed(2)})`,
  ].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(formatSftBuild(await benchSftBuild(Number(process.argv[2] ?? 1024))));
}
