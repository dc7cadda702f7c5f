import { join } from 'node:path';
import { buildSftDatasets, type SftBuildResult } from './build.js';
import { formatSftStats } from './stats.js';

export interface ExampleSftResult {
  result: SftBuildResult;
  /** The printed summary: kept and dropped by reason, masked turns, the stages. */
  summary: string;
}

/**
 * The quickstart's SFT step: the SWE-Lego datasets (and verifier data) from a trajectories file, into
 * `outDir/sft`. Partial fixes are kept too, so small example runs still yield samples, and so are gold
 * replays (which `sft build` leaves out unless `--include-gold`): without a model endpoint the example
 * rollouts are gold-policy, and the summary says how many gold samples were kept.
 */
export async function buildExampleSft(trajectoriesPath: string, outDir: string): Promise<ExampleSftResult> {
  const result = await buildSftDatasets({
    trajectories: [trajectoriesPath],
    outDir: join(outDir, 'sft'),
    format: 'swe-lego',
    include: 'resolved+partial',
    includeGold: true,
    verifier: true,
    verifierBalance: 'none',
  });
  const gold = result.stats.provenance.filter((p) => p.policy === 'gold').reduce((n, p) => n + p.samples, 0);
  const note =
    `${gold} gold-policy replays kept on purpose (--include-gold): without a model endpoint the ` +
    "quickstart's rollouts replay the gold patches";
  return { result, summary: `${formatSftStats(result.stats)}\n${note}` };
}
