import { execa, type ResultPromise } from 'execa';
import { batchedWriter } from './git-stream.js';

/** A git object's type and bytes. */
export interface GitObject {
  type: string;
  content: Buffer;
}

const batchOptions = { stdin: 'pipe', stdout: 'pipe', buffer: false, reject: false } as const;

interface Waiter {
  resolve: (object: GitObject | undefined) => void;
  reject: (err: Error) => void;
}

/** Reads objects through one long-running `git cat-file --batch`; requests are answered in order. */
export class ObjectReader {
  private readonly child: ResultPromise<typeof batchOptions>;
  private readonly waiting: Waiter[] = [];
  private pending = Buffer.alloc(0);
  private readonly input: ReturnType<typeof batchedWriter>;

  constructor(gitDir: string) {
    this.child = execa('git', ['cat-file', '--batch'], { ...batchOptions, cwd: gitDir });
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.input = batchedWriter((text) => this.child.stdin.write(text));
    void this.child.then(() => this.failAll(new Error(`git cat-file in ${gitDir} ended`)));
  }

  /** The object `rev` names (anything `git rev-parse` takes), or undefined when it does not exist. */
  read(rev: string): Promise<GitObject | undefined> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.input(`${rev}\n`);
    });
  }

  close(): Promise<unknown> {
    this.child.stdin.end(this.input.flush());
    return this.child;
  }

  private receive(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    for (;;) {
      const newline = this.pending.indexOf(10);
      if (newline < 0) return;
      const header = this.pending.subarray(0, newline).toString('utf8').split(' ');
      if (header[1] === 'missing' || header[1] === 'ambiguous') {
        this.pending = this.pending.subarray(newline + 1);
        this.waiting.shift()?.resolve(undefined);
        continue;
      }
      const size = Number(header[2]);
      if (this.pending.length < newline + 1 + size + 1) return;
      const content = Buffer.from(this.pending.subarray(newline + 1, newline + 1 + size));
      this.pending = this.pending.subarray(newline + 1 + size + 1);
      this.waiting.shift()?.resolve({ type: header[1]!, content });
    }
  }

  private failAll(err: Error): void {
    for (const waiter of this.waiting.splice(0)) waiter.reject(err);
  }
}

/** One entry of a tree object. */
export interface TreeEntry {
  mode: string;
  name: string;
  sha: string;
}

/** Parses a raw tree object: `<mode> <name>\0<20-byte sha>` repeated. */
export function parseTree(content: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  let at = 0;
  while (at < content.length) {
    const space = content.indexOf(32, at);
    const nul = content.indexOf(0, space);
    entries.push({
      mode: content.subarray(at, space).toString('utf8'),
      name: content.subarray(space + 1, nul).toString('utf8'),
      sha: content.subarray(nul + 1, nul + 21).toString('hex'),
    });
    at = nul + 21;
  }
  return entries;
}
