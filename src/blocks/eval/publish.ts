import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { EvalReport } from '../../schema/report.js';
import type { RunStore } from '../../store/run-store.js';
import { instanceDir, swebenchReport } from './artifacts.js';

/**
 * An attempt writes its artifacts (report.json, patch.diff, test_output.txt) into `<itemDir>/artifacts`; they
 * replace `<model>/<instance_id>/` only once the attempt's report has committed, so a finished result's files
 * stay until their replacement is done, and for good when it fails.
 */
export function stagedArtifactsDir(itemDir: string): string {
  return join(itemDir, 'artifacts');
}

/** Moves a committed attempt's staged artifacts over the instance's published ones. */
export function publishArtifacts(store: RunStore, block: string, key: string, report: EvalReport): void {
  const staged = stagedArtifactsDir(store.itemDir(block, key));
  if (!existsSync(staged)) return;
  const target = instanceDir(store.dir, report.model_name_or_path, report.instance_id);
  mkdirSync(target, { recursive: true });
  const names = new Set(readdirSync(staged));
  for (const name of readdirSync(target)) if (!names.has(name)) rmSync(join(target, name), { force: true });
  for (const name of names) renameSync(join(staged, name), join(target, name));
  rmSync(staged, { recursive: true, force: true });
}

/**
 * After a kill: publishes the staged artifacts of an attempt that committed (its report.json is the done
 * row's) and drops those of attempts that did not.
 */
export function reconcileArtifacts(store: RunStore, block: string): void {
  for (const item of store.items(block)) {
    const staged = stagedArtifactsDir(store.itemDir(block, item.key));
    if (!existsSync(staged)) continue;
    const report = item.status === 'done' ? EvalReport.parse(item.output) : undefined;
    if (report && readIfPresent(join(staged, 'report.json')) === reportJson(report))
      publishArtifacts(store, block, item.key, report);
    else rmSync(staged, { recursive: true, force: true });
  }
}

/** report.json as the eval block writes it. */
export function reportJson(report: EvalReport): string {
  return `${JSON.stringify(swebenchReport(report), null, 4)}\n`;
}

function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
