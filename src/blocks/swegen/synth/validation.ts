import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureMirror } from '../../../repos/mirror.js';
import { TaskInstance } from '../../../schema/instance.js';
import { readRecords } from '../../../store/jsonl.js';
import { runStage } from '../../../pipeline/run-stage.js';
import { mapStage } from '../../../pipeline/stage.js';
import { openRunStore } from '../../../store/run-store.js';
import { validateCandidates } from '../validate/run-validate.js';
import { combineBugs } from './combine.js';
import type { SynthRunOptions } from './options.js';
import { createProbeBlock } from './probe/index.js';
import { stageOptions, type Setup } from './setup.js';
import { jsonl } from './stages.js';

/** The instances of a JSONL file (malformed lines are left out). */
export async function readInstances(path: string): Promise<TaskInstance[]> {
  const instances: TaskInstance[] = [];
  for await (const record of readRecords(path, TaskInstance))
    if ('value' in record) instances.push(record.value);
  return instances;
}

/** Combinations of validated instances, as bugs. */
export async function combined(instances: TaskInstance[], options: SynthRunOptions, setup: Setup) {
  const gitDirOf = (repo: string) =>
    ensureMirror(repo, setup.tasks.repos[repo] ?? `https://github.com/${repo}.git`, setup.tasks.cacheDir);
  const set = await combineBugs(instances, {
    max: options.max,
    seed: options.seed,
    parts: options.combineParts ?? 2,
    gitDirOf,
  });
  return { bugs: set.bugs, rejected: set.counts().rejected };
}

/** Combine after validation: merges the validated bugs, probes the merges, validates them. */
export async function combineValidated(instances: TaskInstance[], options: SynthRunOptions, setup: Setup) {
  const extra = await combined(instances, options, setup);
  const store = openRunStore(options.runDir);
  const probe = await runStage(mapStage(createProbeBlock(setup.deps)), extra.bugs, {
    ...stageOptions(options, store),
    config: setup.probe,
  }).finally(() => store.close());
  const candidates = probe.outputs.flatMap((p) => (p.candidate ? [p.candidate] : []));
  const candidatesPath = join(options.runDir, 'combined-candidates.jsonl');
  await writeFile(candidatesPath, jsonl(candidates));
  const validated = await validateStage(
    candidatesPath,
    join(options.runDir, 'combined-instances.jsonl'),
    'validate-combined',
    options,
    setup,
  );
  return { ...extra, probe, candidates, validated };
}

/** `swegen validate` on a candidates file, in `<runDir>/<name>`. */
export function validateStage(
  candidatesPath: string,
  outPath: string,
  name: string,
  options: SynthRunOptions,
  setup: Setup,
) {
  return validateCandidates({
    candidatesPath,
    outPath,
    runDir: join(options.runDir, name),
    sandbox: options.sandbox,
    runs: options.validate!.runs,
    timeoutMs: options.timeoutMs,
    tasks: setup.tasks,
    workers: options.workers ?? 1,
    redo: options.redo ?? false,
    ...(options.configChange ? { configChange: options.configChange } : {}),
    progress: options.progress ?? 'auto',
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
