/**
 * The writer the kill-and-resume test SIGKILLs: runs a block over N items with random sleeps on 4 workers.
 * Usage: tsx src/store/kill-resume.child.ts RUN_DIR COUNT [FACTOR [--redo]]. FACTOR is the block's config (1 by
 * default) and goes into every output. Prints `ready` once the store is open, then the summary as JSON when
 * the run completes.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { Block } from '../block.js';
import { runBlock } from '../runner.js';
import { openRunStore } from './run-store.js';

const Item = z.object({ id: z.string(), n: z.number() });
const Output = z.object({ id: z.string(), n: z.number(), factor: z.number(), padding: z.string() });

const block: Block<z.infer<typeof Item>, z.infer<typeof Output>, { factor: number }> = {
  name: 'crashy',
  version: '1',
  input: Item,
  output: Output,
  key: (item) => item.id,
  async run(item, ctx) {
    await sleep(10 + Math.random() * 40);
    return { id: item.id, n: item.n, factor: ctx.config.factor, padding: 'x'.repeat(item.n * 100) };
  },
};

const [runDir = '', count = '200', factor = '1', redo] = process.argv.slice(2);
const items = Array.from({ length: Number(count) }, (_, n) => ({ id: `item-${n}`, n }));
const store = openRunStore(runDir);
process.stdout.write('ready\n');
const summary = await runBlock(block, items, {
  store,
  config: { factor: Number(factor) },
  redo: redo === '--redo',
  workers: 4,
  progress: 'off',
});
store.close();
process.stdout.write(`${JSON.stringify(summary)}\n`);
