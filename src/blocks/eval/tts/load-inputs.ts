import { Trajectory } from '../../../schema/trajectory.js';
import { VerifierScore } from '../../../schema/verifier.js';
import { readRecords } from '../../../store/jsonl.js';
import type { TtsCandidate } from './candidates.js';

/** Bad input found while reading, by kind (the short-instance counts come later, per k). */
export interface InputCounts {
  malformed_lines: number;
  duplicated_samples: number;
  unjudged_trajectories: number;
  missing_scores: number;
  duplicated_scores: number;
  orphan_scores: number;
}

/** The candidates by instance (samples in order; an instance with no usable one maps to []), what was wrong with the input, and one line per problem. */
export interface TtsInputs {
  groups: Map<string, TtsCandidate[]>;
  counts: InputCounts;
  problems: string[];
}

async function readScores(path: string, counts: InputCounts, problems: string[]) {
  const scores = new Map<string, VerifierScore>();
  for await (const record of readRecords(path, VerifierScore)) {
    if ('error' in record) {
      counts.malformed_lines++;
      problems.push(record.error.message);
    } else if (scores.has(record.value.trajectory_id)) {
      counts.duplicated_scores++;
      problems.push(
        `${path}:${record.line}: a second score for ${record.value.trajectory_id}; the first is used`,
      );
    } else scores.set(record.value.trajectory_id, record.value);
  }
  return scores;
}

const toCandidate = (t: Trajectory): TtsCandidate => ({
  instance_id: t.instance_id,
  trajectory_id: t.trajectory_id,
  sample: t.sample,
  model: t.model,
  patch: t.patch,
  resolved: t.resolved,
});

/**
 * Keeps the first trajectory of each (instance, sample) pair and id, as a candidate (messages are dropped
 * while streaming); counts the rest and the unjudged.
 */
async function readTrajectories(path: string, counts: InputCounts, problems: string[]) {
  const kept: TtsCandidate[] = [];
  const seen = new Set<string>();
  const ids = new Set<string>();
  const instances = new Set<string>();
  for await (const record of readRecords(path, Trajectory)) {
    if ('error' in record) {
      counts.malformed_lines++;
      problems.push(record.error.message);
      continue;
    }
    const t = record.value;
    const pair = `${t.instance_id}#${t.sample}`;
    if (seen.has(pair) || seen.has(`id:${t.trajectory_id}`)) {
      counts.duplicated_samples++;
      problems.push(
        `${path}:${record.line}: duplicate of sample ${pair} (${t.trajectory_id}); the first is used`,
      );
      continue;
    }
    seen.add(pair).add(`id:${t.trajectory_id}`);
    ids.add(t.trajectory_id);
    instances.add(t.instance_id);
    if (t.judgement === null) {
      counts.unjudged_trajectories++;
      problems.push(`${path}:${record.line}: ${t.trajectory_id} has no harness verdict; left out`);
    } else kept.push(toCandidate(t));
  }
  return { kept, ids, instances };
}

/** Reads judged trajectories and (optionally) verifier scores into candidates grouped by instance. */
export async function loadTtsInputs(trajectoriesPath: string, scoresPath?: string): Promise<TtsInputs> {
  const counts: InputCounts = {
    malformed_lines: 0,
    duplicated_samples: 0,
    unjudged_trajectories: 0,
    missing_scores: 0,
    duplicated_scores: 0,
    orphan_scores: 0,
  };
  const problems: string[] = [];
  const { kept, ids, instances } = await readTrajectories(trajectoriesPath, counts, problems);
  const scores = scoresPath ? await readScores(scoresPath, counts, problems) : undefined;
  const groups = new Map<string, TtsCandidate[]>([...instances].map((id) => [id, []]));
  for (const candidate of kept) {
    const score = scores?.get(candidate.trajectory_id)?.score;
    if (score != null) candidate.score = score;
    else if (scores) counts.missing_scores++;
    groups.get(candidate.instance_id)!.push(candidate);
  }
  for (const group of groups.values()) group.sort((a, b) => a.sample - b.sample);
  if (scores) counts.orphan_scores = [...scores.keys()].filter((id) => !ids.has(id)).length;
  return { groups, counts, problems };
}
