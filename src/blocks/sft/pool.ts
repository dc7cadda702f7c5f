import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { LegoError } from '../../errors.js';
import { packageRoot } from '../../package-root.js';
import { LineProcessor, type LineResult, type ProcessOptions } from './process.js';
import type { TokenCounter } from './tokenizer.js';
import type { BatchMessage } from './worker.js';

/** Processes batches of lines; results come back in the order of the lines. */
export interface BatchRunner {
  run(lines: Uint8Array[]): Promise<LineResult[]>;
  close(): Promise<void>;
}

/** Starts the worker script: the built file once bundled, the TypeScript source through tsx's loader in development. */
function newWorker(workerData: unknown): Worker {
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith('.ts'))
    return new Worker(join(packageRoot(), 'dist', 'blocks', 'sft', 'worker.js'), { workerData });
  const tsxApi = join(dirname(createRequire(import.meta.url).resolve('tsx/esm/api')), 'index.mjs');
  const source = pathToFileURL(join(dirname(here), 'worker.ts')).href;
  const boot = `import(${JSON.stringify(pathToFileURL(tsxApi).href)})
    .then((api) => { api.register(); return import(${JSON.stringify(source)}); })`;
  return new Worker(boot, { eval: true, workerData });
}

function inThread(options: ProcessOptions, counter: TokenCounter): BatchRunner {
  const processor = new LineProcessor(options, counter);
  return {
    run: async (lines) => lines.map((line) => processor.process(line)),
    close: async () => {},
  };
}

function pack(lines: Uint8Array[]): { buffer: ArrayBuffer; ends: number[] } {
  const ends: number[] = [];
  let size = 0;
  for (const line of lines) ends.push((size += line.length));
  const bytes = new Uint8Array(size);
  lines.forEach((line, i) => bytes.set(line, ends[i - 1] ?? 0));
  return { buffer: bytes.buffer, ends };
}

interface Pending {
  resolve(results: LineResult[]): void;
  reject(err: Error): void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

async function startWorker(options: ProcessOptions, tokenizer: string): Promise<Slot> {
  const worker = newWorker({ options, tokenizer });
  const slot: Slot = { worker, pending: new Map() };
  await new Promise<void>((resolve, reject) => {
    worker.on('error', (err) => {
      const failure = new LegoError('internal', `an sft build worker failed: ${err.message}`);
      for (const pending of slot.pending.values()) pending.reject(failure);
      slot.pending.clear();
      reject(failure);
    });
    worker.on('message', (message: { ready?: true; seq?: number; results?: LineResult[] }) => {
      if (message.ready) return resolve();
      slot.pending.get(message.seq!)?.resolve(message.results!);
      slot.pending.delete(message.seq!);
    });
  });
  return slot;
}

/**
 * `workers` threads, each with its own tokenizer; a batch goes to the thread with the least work queued.
 * One worker processes in this thread instead.
 */
export async function startBatchRunner(
  options: ProcessOptions,
  tokenizer: TokenCounter,
  workers: number,
): Promise<BatchRunner> {
  if (workers <= 1) return inThread(options, tokenizer);
  const slots = await Promise.all(
    Array.from({ length: workers }, () => startWorker(options, tokenizer.name)),
  );
  let seq = 0;
  return {
    run(lines) {
      const slot = slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      const { buffer, ends } = pack(lines);
      const message: BatchMessage = { seq: seq++, buffer, ends };
      return new Promise((resolve, reject) => {
        slot.pending.set(message.seq, { resolve, reject });
        slot.worker.postMessage(message, [buffer]);
      });
    },
    close: async () => void (await Promise.all(slots.map((slot) => slot.worker.terminate()))),
  };
}
