import type { EvalStatus } from '../../schema/report.js';
import type { Trajectory } from '../../schema/trajectory.js';
import { stepsWithOneError, testTrajectory } from '../sft/test-trajectories.js';

/** A trajectory whose judge said `status` (null: no verdict). */
export function judged(id: string, status: EvalStatus | null, instance = `acme__calc-${id}`): Trajectory {
  const t = testTrajectory({ id, instance, steps: stepsWithOneError(), resolved: status === 'resolved' });
  return { ...t, judgement: status === null ? null : { ...t.judgement!, status } };
}

export const judgedSet = (): Trajectory[] => [
  judged('a', 'resolved'),
  judged('b', 'unresolved'),
  judged('c', 'error'),
  judged('d', 'invalid'),
  judged('e', 'timeout'),
  judged('f', 'patch_failed'),
  judged('g', 'empty_patch'),
  judged('h', null),
];

export const failures = [
  { key: 'acme__calc-x#0', code: 'sandbox_failed', message: 'container died' },
  { key: 'acme__calc-a#1', code: 'internal', message: 'bug' },
];
