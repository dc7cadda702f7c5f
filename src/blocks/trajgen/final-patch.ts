import { parseGitDiff } from '../../agent/policies/unified-diff.js';

/** The patch a trajectory submits, and the new files left out of it. */
export interface FinalPatch {
  patch: string;
  dropped: string[];
}

/**
 * The final patch: the workspace diff against the base commit, every change kept (new files included)
 * except new files the agent only ran as scripts (`python reproduce.py`, `./check.sh`): those are its
 * reproduction scripts, not part of the fix. A new file that is imported, tested or otherwise used stays.
 */
export function finalPatch(diff: string, scriptsRun: Set<string>): FinalPatch {
  const dropped: string[] = [];
  const kept: string[] = [];
  for (const file of parseGitDiff(diff)) {
    if (file.oldPath === null && file.newPath !== null && scriptsRun.has(file.newPath))
      dropped.push(file.newPath);
    else kept.push(file.text);
  }
  return { patch: kept.join(''), dropped };
}
