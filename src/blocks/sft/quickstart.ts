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
 * `outDir/sft`. Partial fixes are kept too, so small example runs still yield samples.
 */
export async function buildExampleSft(trajectoriesPath: string, outDir: string): Promise<ExampleSftResult> {
  const result = await buildSftDatasets({
    trajectories: [trajectoriesPath],
    outDir: join(outDir, 'sft'),
    format: 'swe-lego',
    include: 'resolved+partial',
    verifier: true,
    verifierBalance: 'none',
  });
  return { result, summary: formatSftStats(result.stats) };
}
