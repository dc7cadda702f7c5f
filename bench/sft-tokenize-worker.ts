import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parentPort, workerData } from 'node:worker_threads';
import { loadTokenCounter } from '../src/blocks/sft/tokenizer.js';
import type { Trajectory } from '../src/schema/trajectory.js';

/** One share of the bare-tokenizer baseline: every `of`-th line of `path`, starting at line `index`. */
const { path, index, of } = workerData as { path: string; index: number; of: number };
const counter = await loadTokenCounter('qwen3');
const texts: string[] = [];
let line = 0;
for await (const text of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
  if (line++ % of !== index || text === '') continue;
  for (const message of (JSON.parse(text) as Trajectory).messages) texts.push(message.content ?? '');
}
const port = parentPort!;
port.once('message', () => {
  let tokens = 0;
  let bytes = 0;
  for (const text of texts) {
    tokens += counter.encode(text).length;
    bytes += Buffer.byteLength(text);
  }
  port.postMessage({ tokens, bytes });
});
port.postMessage({ ready: true });
