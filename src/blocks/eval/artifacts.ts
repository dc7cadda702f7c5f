import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EvalReport } from '../../schema/report.js';

/** SWE-bench's directory name for a model: slashes become double underscores. */
export function modelDirName(model: string): string {
  return model.replaceAll('/', '__');
}

/** `<runDir>/<model>/<instance_id>/`, where report.json, test_output.txt and patch.diff go. */
export function instanceDir(runDir: string, model: string, instanceId: string): string {
  return join(runDir, modelDirName(model), instanceId);
}

/** The report.json SWE-bench's harness writes: keyed by instance id, with its five fields. */
export function swebenchReport(report: EvalReport): Record<string, unknown> {
  return {
    [report.instance_id]: {
      patch_is_None: report.patch_is_None,
      patch_exists: report.patch_exists,
      patch_successfully_applied: report.patch_successfully_applied,
      resolved: report.resolved,
      ...(report.tests_status ? { tests_status: report.tests_status } : {}),
    },
  };
}

export async function writeInstanceArtifacts(dir: string, report: EvalReport, patch: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'patch.diff'), patch);
  await writeFile(join(dir, 'report.json'), `${JSON.stringify(swebenchReport(report), null, 4)}\n`);
}
