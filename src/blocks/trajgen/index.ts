import { redactor } from '../../agent/redact.js';
import type { Block } from '../../block.js';
import { LegoError, toLegoError } from '../../errors.js';
import { Trajectory } from '../../schema/trajectory.js';
import { TrajgenItem, type TrajgenConfig, type TrajgenRuntime } from './config.js';
import { rollout } from './rollout.js';

export { TrajgenItem, type TrajgenConfig, type TrajgenRuntime, type PolicyName } from './config.js';

/**
 * The rollout block: one (instance, sample) in, one judged trajectory out. Named `trajectories`, so its
 * canonical output is `<run dir>/trajectories.jsonl`. Errors leave it with secrets redacted.
 */
export function createTrajgenBlock(runtime: TrajgenRuntime): Block<TrajgenItem, Trajectory, TrajgenConfig> {
  const redact = redactor(runtime.secrets);
  return {
    name: 'trajectories',
    version: '1',
    input: TrajgenItem,
    output: Trajectory,
    key: (item) => `${item.instance.instance_id}#${item.sample}`,
    async run(item, ctx) {
      const log = (line: string) => ctx.log(redact(line));
      try {
        return await rollout(item, { ...ctx, log }, runtime, redact);
      } catch (err) {
        const error = toLegoError(err);
        throw new LegoError(error.code, redact(error.message), { retryable: error.retryable });
      }
    },
  };
}
