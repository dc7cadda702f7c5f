import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RunSummary } from '../../../runner.js';
import type { TaskInstance } from '../../../schema/instance.js';
import type { Candidate, ValidationRecord, YieldLedger } from '../../../schema/swegen.js';
import type { ProbeRecord, SynthBug, SynthResult } from '../../../schema/synth.js';
import { writeJson } from '../../../store/jsonl.js';
import { mapStage } from '../../../pipeline/stage.js';
import { runStage } from '../../../pipeline/run-stage.js';
import { openRunStore } from '../../../store/run-store.js';
import { combineLedgers } from '../ledger.js';
import type { ValidateRunResult } from '../validate/run-validate.js';
import { createSynthBlock } from './generate/index.js';
import { synthLedger } from './ledger.js';
import type { SynthRunOptions } from './options.js';
import { createProbeBlock } from './probe/index.js';
import { setUp, stageOptions, type Setup } from './setup.js';
import { checkStages, jsonl, readBugs } from './stages.js';
import { combined, combineValidated, readInstances, validateStage } from './validation.js';

export type { SynthRunOptions, SynthModelOptions } from './options.js';

export interface SynthRunResult {
  runDir: string;
  outPath: string;
  /** Candidates: bugs that broke a passing test, with statements (combinations appended). */
  candidates: Candidate[];
  bugs: SynthBug[];
  results: SynthResult[];
  probes: ProbeRecord[];
  runs: { generate: RunSummary; probe: RunSummary };
  /** Only with `validate`: the validated instances (combinations appended) and every record. */
  validation?: {
    outPath: string;
    instances: TaskInstance[];
    records: ValidationRecord[];
    runs: ValidateRunResult[];
  };
  ledger: YieldLedger;
}

/** Generation (one item per repository), then a probe of every bug (one item per bug). */
async function makeCandidates(options: SynthRunOptions, setup: Setup) {
  const store = openRunStore(options.runDir);
  try {
    const stage = stageOptions(options, store);
    const [generateBlock, probeBlock] = [createSynthBlock(setup.deps), createProbeBlock(setup.deps)];
    checkStages(stage, [
      [generateBlock, setup.synth],
      [probeBlock, setup.probe],
    ]);
    const items = Object.entries(options.repos).map(([repo, source]) => ({
      repo,
      source,
      commit: options.commit ?? 'HEAD',
    }));
    const generate = await runStage(mapStage(generateBlock), items, { ...stage, config: setup.synth });
    const bugs = await readBugs(generate.outputs);
    const extra = options.combineFrom
      ? await combined(await readInstances(options.combineFrom), options, setup)
      : { bugs: [], rejected: [] };
    bugs.push(...extra.bugs);
    const probe = await runStage(mapStage(probeBlock), bugs, { ...stage, config: setup.probe });
    return { generate, bugs, probe, extraRejections: extra.rejected };
  } finally {
    store.close();
  }
}

/**
 * `swegen synth`: makes bugs in each repository (procedural transforms, model edits), probes each against
 * the tests and writes the bugs that break one as candidates with statements. With `validate`, validates
 * them (and, with combine, merges validated bugs and validates those). Resumable; the summary with its
 * yield ledger goes to `runDir/summary.json`.
 */
export async function synthesize(options: SynthRunOptions): Promise<SynthRunResult> {
  const setup = await setUp(options);
  const made = await makeCandidates(options, setup);
  const candidates = made.probe.outputs.flatMap((p) => (p.candidate ? [p.candidate] : []));
  await mkdir(dirname(options.outPath), { recursive: true });
  await writeFile(options.outPath, jsonl(candidates));
  const tally = {
    strategies: options.strategies,
    results: made.generate.outputs,
    extraRejections: made.extraRejections,
    bugs: made.bugs,
    probes: made.probe.outputs,
    runs: { generate: made.generate.run, probe: made.probe.run },
  };
  const ledgers: YieldLedger[] = [];
  let validation: SynthRunResult['validation'];
  if (options.validate && !options.signal?.aborted) {
    const first = await validateStage(options.outPath, options.validate.outPath, 'validate', options, setup);
    validation = {
      outPath: options.validate.outPath,
      instances: [...first.instances],
      records: [...first.records],
      runs: [first],
    };
    ledgers.push(first.ledger);
    if (options.strategies.includes('combine') && !options.combineFrom && !options.signal?.aborted) {
      const more = await combineValidated(first.instances, options, setup);
      tally.bugs.push(...more.bugs);
      tally.probes.push(...more.probe.outputs);
      tally.extraRejections.push(...more.rejected);
      candidates.push(...more.candidates);
      await appendFile(options.outPath, jsonl(more.candidates));
      await appendFile(options.validate.outPath, jsonl(more.validated.instances));
      validation.instances.push(...more.validated.instances);
      validation.records.push(...more.validated.records);
      validation.runs.push(more.validated);
      ledgers.push(more.validated.ledger);
    }
  }
  const ledger = combineLedgers(synthLedger({ ...tally, ...(validation ? { validation } : {}) }), ...ledgers);
  await writeJson(join(options.runDir, 'summary.json'), { runs: tally.runs, ledger });
  return {
    runDir: options.runDir,
    outPath: options.outPath,
    candidates,
    bugs: tally.bugs,
    results: tally.results,
    probes: tally.probes,
    runs: tally.runs,
    ...(validation ? { validation } : {}),
    ledger,
  };
}
