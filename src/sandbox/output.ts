/** Default cap on the output kept per exec: 1 MiB, half from the head and half from the tail. */
export const defaultMaxOutputBytes = 1024 * 1024;

const empty = Buffer.alloc(0);

/**
 * Collects a command's output while it streams: keeps the first and the last half of `maxBytes`,
 * counts the bytes dropped in between exactly, and never holds more than `maxBytes` (plus one chunk).
 */
export class OutputCollector {
  private readonly headLimit: number;
  private readonly tailLimit: number;
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailStart = 0;
  private tailBytes = 0;
  private totalBytes = 0;

  constructor(maxBytes: number = defaultMaxOutputBytes) {
    const limit = Math.max(0, Math.floor(maxBytes));
    this.headLimit = Math.floor(limit / 2);
    this.tailLimit = limit - this.headLimit;
  }

  push(chunk: Uint8Array): void {
    let data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.totalBytes += data.length;
    const headRoom = this.headLimit - this.headBytes;
    if (headRoom > 0) {
      const taken = data.subarray(0, headRoom);
      this.head.push(Buffer.from(taken));
      this.headBytes += taken.length;
      data = data.subarray(taken.length);
    }
    if (data.length > 0) this.pushTail(Buffer.from(data));
  }

  /** Bytes dropped from the middle so far. */
  get truncatedBytes(): number {
    return this.totalBytes - this.headBytes - Math.min(this.tailBytes, this.tailLimit);
  }

  /** The kept output decoded as UTF-8 (invalid bytes become U+FFFD), with a marker where bytes were dropped. */
  text(): string {
    const decode = (parts: Buffer[]): string => new TextDecoder('utf-8').decode(Buffer.concat(parts));
    const tail = this.keptTail();
    const dropped = this.truncatedBytes;
    if (dropped === 0) return decode([...this.head, tail]);
    return `${decode(this.head)}\n[... ${dropped} bytes truncated ...]\n${decode([tail])}`;
  }

  private pushTail(data: Buffer): void {
    this.tail.push(data);
    this.tailBytes += data.length;
    while (this.tailStart < this.tail.length - 1) {
      const oldest = this.tail[this.tailStart]!.length;
      if (this.tailBytes - oldest < this.tailLimit) break;
      this.tailBytes -= oldest;
      this.tail[this.tailStart] = empty;
      this.tailStart += 1;
    }
    if (this.tailStart > 1024 && this.tailStart * 2 > this.tail.length) {
      this.tail = this.tail.slice(this.tailStart);
      this.tailStart = 0;
    }
  }

  private keptTail(): Buffer {
    const all = Buffer.concat(this.tail.slice(this.tailStart));
    return all.subarray(Math.max(0, all.length - this.tailLimit));
  }
}
