import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Block } from '../block.js';
import { LegoError } from '../errors.js';
import { createJobExecutor } from './execute.js';

const Item = z.object({ id: z.string() });
const Output = z.object({ id: z.string(), value: z.string() });

describe('ctx.shared', () => {
  it('forgets a shared promise that rejected, so later items create it afresh', async () => {
    let creations = 0;
    const block: Block<z.infer<typeof Item>, z.infer<typeof Output>, null> = {
      name: 'shared-once',
      version: '1',
      input: Item,
      output: Output,
      key: (item) => item.id,
      run: async (item, ctx) => {
        const value = await ctx.shared('execute.test:flaky-pool', async () => {
          creations += 1;
          if (creations === 1) throw new LegoError('sandbox_unavailable', 'first creation fails');
          return `pool#${creations}`;
        });
        return { id: item.id, value };
      },
    };
    const execute = createJobExecutor(block, {
      runDir: mkdtempSync(join(tmpdir(), 'lf-execute-')),
      config: null,
      retries: 0,
      backoffMs: 1,
      signal: new AbortController().signal,
    });
    const job = (id: string) => ({ block: block.name, key: id, item: { id }, configHash: 'h', attempt: 1 });
    expect(await execute(job('a'))).toEqual({
      status: 'failed',
      code: 'sandbox_unavailable',
      message: 'first creation fails',
      attempts: 1,
    });
    expect(await execute(job('b'))).toEqual({
      status: 'done',
      output: { id: 'b', value: 'pool#2' },
      attempts: 1,
    });
    expect(await execute(job('c'))).toEqual({
      status: 'done',
      output: { id: 'c', value: 'pool#2' },
      attempts: 1,
    });
    expect(creations).toBe(2);
  });
});
