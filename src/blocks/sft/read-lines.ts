import { createReadStream } from 'node:fs';

/** Batches of raw lines (bytes, newline excluded, blank lines skipped) from files, read as a stream. */
export async function* lineBatches(paths: string[], batchBytes = 1 << 20): AsyncGenerator<Uint8Array[]> {
  let batch: Uint8Array[] = [];
  let size = 0;
  const push = (line: Uint8Array) => {
    if (line.length === 0 || (line.length === 1 && line[0] === 0x0d)) return false;
    batch.push(line);
    size += line.length;
    return size >= batchBytes;
  };
  for (const path of paths) {
    let carry: Uint8Array = new Uint8Array(0);
    for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
      let start = 0;
      for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
        const piece = chunk.subarray(start, nl);
        const line = carry.length > 0 ? Buffer.concat([carry, piece]) : piece;
        carry = new Uint8Array(0);
        start = nl + 1;
        if (push(line)) {
          yield batch;
          batch = [];
          size = 0;
        }
      }
      const rest = chunk.subarray(start);
      carry = carry.length > 0 ? Buffer.concat([carry, rest]) : rest;
    }
    if (push(carry)) {
      yield batch;
      batch = [];
      size = 0;
    }
  }
  if (batch.length > 0) yield batch;
}
