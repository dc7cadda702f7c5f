import { open, rm, type FileHandle } from 'node:fs/promises';

const flushBytes = 4 << 20;

/** An append-only file written in large blocks; `write` resolves once the block is handed to the OS. */
export class BlockWriter {
  private parts: Buffer[] = [];
  private buffered = 0;
  /** Bytes written so far, including what is still buffered. */
  size = 0;

  private constructor(private readonly handle: FileHandle) {}

  static async create(path: string): Promise<BlockWriter> {
    return new BlockWriter(await open(path, 'w'));
  }

  async write(data: Buffer): Promise<void> {
    this.parts.push(data);
    this.buffered += data.length;
    this.size += data.length;
    if (this.buffered >= flushBytes) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.buffered === 0) return;
    const block = Buffer.concat(this.parts, this.buffered);
    this.parts = [];
    this.buffered = 0;
    await this.handle.write(block);
  }

  async close(): Promise<void> {
    await this.flush();
    await this.handle.close();
  }
}

/** Records spilled to a temp file as lines, read back by index in any order. */
export class Spill {
  readonly offsets: number[] = [];
  readonly lengths: number[] = [];
  private reader: FileHandle | undefined;

  private constructor(
    readonly path: string,
    private readonly writer: BlockWriter,
  ) {}

  static async create(path: string): Promise<Spill> {
    return new Spill(path, await BlockWriter.create(path));
  }

  get count(): number {
    return this.offsets.length;
  }

  async append(line: string): Promise<void> {
    const data = Buffer.from(`${line}\n`);
    this.offsets.push(this.writer.size);
    this.lengths.push(data.length);
    await this.writer.write(data);
  }

  async finish(): Promise<void> {
    await this.writer.close();
    this.reader = await open(this.path, 'r');
  }

  /** The record's line, newline included. */
  async read(index: number): Promise<Buffer> {
    const buffer = Buffer.allocUnsafe(this.lengths[index]!);
    await this.reader!.read(buffer, 0, buffer.length, this.offsets[index]!);
    return buffer;
  }

  async remove(): Promise<void> {
    await this.reader?.close();
    await rm(this.path, { force: true });
  }
}
