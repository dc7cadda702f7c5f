import type { z } from 'zod';

/** What a block sees while it processes one item. Everything in it can be rebuilt in another process. */
export interface BlockContext<C> {
  /** The block's configuration; part of the config hash that decides what "done" means. */
  readonly config: C;
  /** A directory for this item's artifacts and logs inside the run directory. */
  readonly itemDir: string;
  /** Appends a line to this item's log. */
  log(line: string): void;
  /** Aborted when the run is interrupted; long work should stop and clean up. */
  readonly signal: AbortSignal;
  /** 1 for the first try, then 2, 3... for retries of retryable errors. */
  readonly attempt: number;
  /**
   * A value created once per process and shared by every item (sandbox providers, caches). The key must
   * name everything the value depends on: runs with other configs in the same process share it too.
   */
  shared<T>(key: string, create: () => T): T;
}

/**
 * A pipeline stage with a typed contract: items in, one output record per item out. Items and outputs
 * are plain JSON, so the same block runs in the in-process pool or on queue workers.
 */
export interface Block<I, O, C = unknown> {
  readonly name: string;
  readonly version: string;
  readonly input: z.ZodType<I>;
  readonly output: z.ZodType<O>;
  /** A stable, unique key per item: resume skips items whose key is done under the same config hash. */
  key(item: I): string;
  run(item: I, ctx: BlockContext<C>): Promise<O>;
}
