import { parentPort, workerData } from 'node:worker_threads';
import { LineProcessor, type ProcessOptions } from './process.js';
import { loadTokenCounter } from './tokenizer.js';

/** The message a worker gets per batch: lines packed in one buffer, ends[i] = end offset of line i. */
export interface BatchMessage {
  seq: number;
  buffer: ArrayBuffer;
  ends: number[];
}

const { options, tokenizer } = workerData as { options: ProcessOptions; tokenizer: string };
const processor = new LineProcessor(options, await loadTokenCounter(tokenizer));
const port = parentPort!;
port.on('message', ({ seq, buffer, ends }: BatchMessage) => {
  const bytes = new Uint8Array(buffer);
  const results = ends.map((end, i) => processor.process(bytes.subarray(ends[i - 1] ?? 0, end)));
  port.postMessage({ seq, results });
});
port.postMessage({ ready: true });
