import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { FunctionListName } from '../../agent/fncall-text-styles.js';
import { loadFunctionListTemplates } from '../../agent/template.js';
import { LegoError } from '../../errors.js';
import { writeJson } from '../../store/jsonl.js';
import { stageBoundaries, stageOf, type Difficulty } from './curriculum.js';
import { readEvalSets } from './decontaminate.js';
import { exporters, type DatasetFiles, type ExportFormat } from './exporters/index.js';
import { BlockWriter, Spill } from './files.js';
import { startBatchRunner, type BatchRunner } from './pool.js';
import type { Include, LineResult, ProcessOptions } from './process.js';
import { lineBatches } from './read-lines.js';
import type { SftStats } from '../../schema/sft.js';
import { stageHistograms, StatsTally } from './stats.js';
import { loadTokenCounter } from './tokenizer.js';
import { loadVerifierPrompt, type VerifierFormatName } from '../verifier/formats/index.js';
import { writeVerifier, type VerifierBalance, type VerifierEntry } from './verifier-set.js';

/** `sft build`: trajectories in, one dataset per curriculum stage plus one ordered easy to hard, out. */
export interface SftBuildOptions {
  trajectories: string[];
  outDir: string;
  /** Default `swe-lego`. */
  format?: ExportFormat;
  /** How native trajectories' tools and calls are written in the text format (default `legofactory`). */
  functionList?: FunctionListName;
  /** A prompt directory whose text-functions.md and fn_call_suffix.txt lay the function list out. */
  promptDir?: string;
  /** `normalize`: `\r\n` becomes `\n` in text-format messages, as SWE-Lego's data script does (default `keep`). */
  crlf?: 'keep' | 'normalize';
  /** Which trajectories train: `resolved` (default) or `resolved+partial`. */
  include?: Include;
  /** Keep gold-policy replays (default false: they are the reference patch, not a model's work). */
  includeGold?: boolean;
  /** Keep trajectories whose final patch changes test infrastructure (default false). */
  includeTestInfra?: boolean;
  /** Mask error steps (default true; false for ablations). */
  errorMask?: boolean;
  /** Default `turns`. */
  curriculum?: Difficulty;
  /** Default 3. */
  stages?: number;
  /** Samples with more tokens are dropped (default 131072). */
  maxTokens?: number;
  /** Message contents longer than this are cut in the middle (default 200,000 characters). */
  maxMessageChars?: number;
  /** `qwen3` (default) or a tokenizer.json path. */
  tokenizer?: string;
  /** Evaluation sets whose instances (by id, or repo and base commit) are kept out. */
  decontaminate?: string[];
  /** Also write generative-verifier examples. */
  verifier?: boolean;
  verifierBalance?: VerifierBalance;
  /** The verifier examples' layout and answer (default `legofactory`; `swe-lego` for SWE-Lego's). */
  verifierFormat?: VerifierFormatName;
  /** A verifier user-message template file (default: the format's, e.g. the shipped prompts/verifier.md). */
  verifierTemplate?: string;
  /** A verifier system prompt file (default: the format's own; legofactory has none). */
  verifierSystemPrompt?: string;
  /** Threads that parse and tokenize (default: up to 2, the cores there are). */
  workers?: number;
  /** Called after every batch with the number of trajectories read so far. */
  onProgress?: (records: number) => void;
}

export interface SftBuildResult {
  outDir: string;
  files: DatasetFiles;
  stats: SftStats;
}

interface Kept {
  turns: number[];
  tokens: number[];
}

async function processOptions(options: SftBuildOptions): Promise<ProcessOptions> {
  const templates = await loadFunctionListTemplates(options.promptDir);
  return {
    format: options.format ?? 'swe-lego',
    include: options.include ?? 'resolved',
    includeGold: options.includeGold ?? false,
    includeTestInfra: options.includeTestInfra ?? false,
    errorMask: options.errorMask ?? true,
    maxTokens: options.maxTokens ?? 131_072,
    maxMessageChars: options.maxMessageChars ?? 200_000,
    verifier: options.verifier ?? false,
    contaminated: await readEvalSets(options.decontaminate ?? []),
    ...templates,
    functionList: options.functionList ?? 'legofactory',
    crlf: options.crlf ?? 'keep',
    verifierFormat: options.verifierFormat ?? 'legofactory',
    verifierPrompt: loadVerifierPrompt({
      format: options.verifierFormat ?? 'legofactory',
      ...(options.verifierTemplate ? { templatePath: options.verifierTemplate } : {}),
      ...(options.verifierSystemPrompt ? { systemPath: options.verifierSystemPrompt } : {}),
      textFormat: {
        ...templates,
        functionList: options.functionList ?? 'legofactory',
        crlf: options.crlf ?? 'keep',
      },
    }),
  };
}

function rankOf(key: string): number {
  return parseInt(createHash('sha1').update(key).digest('hex').slice(0, 8), 16);
}

/** Reads every line through the workers, in order, into the spills; dedup happens here, in input order. */
async function streamInputs(
  options: SftBuildOptions,
  runner: BatchRunner,
  sft: Spill,
  verifier: Spill,
  tally: StatsTally,
): Promise<{ kept: Kept; verifierEntries: VerifierEntry[] }> {
  const kept: Kept = { turns: [], tokens: [] };
  const verifierEntries: VerifierEntry[] = [];
  const seen = new Set<string>();
  const seenVerifier = new Set<string>();
  const consume = async (result: LineResult) => {
    tally.line(result);
    if (result.sft && seen.has(result.sft.dedupKey)) tally.drop('duplicate');
    else if (result.sft) {
      seen.add(result.sft.dedupKey);
      tally.keep(result.sft, result.repairs);
      kept.turns.push(result.sft.turns);
      kept.tokens.push(result.sft.tokens);
      await sft.append(result.sft.text);
    }
    if (result.verifier && seenVerifier.has(result.verifier.dedupKey)) tally.verifierDrop('duplicate');
    else if (result.verifier) {
      seenVerifier.add(result.verifier.dedupKey);
      verifierEntries.push({ yes: result.verifier.yes, rank: rankOf(result.verifier.dedupKey) });
      await verifier.append(result.verifier.text);
    }
  };
  const inFlight: Array<Promise<LineResult[]>> = [];
  const limit = 2 * (options.workers ?? 1) + 1;
  const drain = async () => {
    for (const result of await inFlight.shift()!) await consume(result);
    options.onProgress?.(tally.records);
  };
  for await (const batch of lineBatches(options.trajectories)) {
    inFlight.push(runner.run(batch));
    if (inFlight.length >= limit) await drain();
  }
  while (inFlight.length > 0) await drain();
  return { kept, verifierEntries };
}

/** Writes each stage file and the ordered file, easy to hard (ties keep input order). */
async function writeStages(
  outDir: string,
  sft: Spill,
  order: number[],
  stageOfSample: number[],
  stages: number,
) {
  const names = Array.from({ length: stages }, (_, i) => `stage-${i + 1}.jsonl`);
  const writers = await Promise.all(names.map((name) => BlockWriter.create(join(outDir, name))));
  const ordered = await BlockWriter.create(join(outDir, 'ordered.jsonl'));
  for (const index of order) {
    const line = await sft.read(index);
    await writers[stageOfSample[index]! - 1]!.write(line);
    await ordered.write(line);
  }
  await Promise.all([...writers, ordered].map((writer) => writer.close()));
  return { stages: names, ordered: 'ordered.jsonl' };
}

function checkOptions(options: SftBuildOptions): void {
  if (options.trajectories.length === 0)
    throw new LegoError('bad_input', 'sft build needs --trajectories FILE');
  const stages = options.stages ?? 3;
  if (!Number.isInteger(stages) || stages < 1)
    throw new LegoError('bad_input', `--stages must be a positive whole number, got ${stages}`);
}

/** Builds the SFT datasets: streams the trajectories through both cores, then orders them by difficulty. */
export async function buildSftDatasets(options: SftBuildOptions): Promise<SftBuildResult> {
  checkOptions(options);
  const started = Date.now();
  const workers = options.workers ?? Math.min(2, availableParallelism());
  const stages = options.stages ?? 3;
  const difficulty = options.curriculum ?? 'turns';
  const processing = await processOptions(options);
  const counter = await loadTokenCounter(options.tokenizer ?? 'qwen3');
  await mkdir(options.outDir, { recursive: true });
  const sft = await Spill.create(join(options.outDir, '.sft.spill'));
  const verifierSpill = await Spill.create(join(options.outDir, '.verifier.spill'));
  const runner = await startBatchRunner(processing, counter, workers);
  const tally = new StatsTally();
  try {
    const { kept, verifierEntries } = await streamInputs(
      { ...options, workers },
      runner,
      sft,
      verifierSpill,
      tally,
    );
    await Promise.all([sft.finish(), verifierSpill.finish()]);
    const difficulties = difficulty === 'turns' ? kept.turns : kept.tokens;
    const boundaries = stageBoundaries(difficulties, stages);
    const stageOfSample = difficulties.map((d) => stageOf(d, boundaries));
    const order = difficulties.map((_, i) => i).sort((a, b) => difficulties[a]! - difficulties[b]! || a - b);
    const written = await writeStages(options.outDir, sft, order, stageOfSample, stages);
    const balance = options.verifierBalance ?? 'downsample';
    const verifier = processing.verifier
      ? await writeVerifier(options.outDir, verifierSpill, verifierEntries, balance)
      : undefined;
    const files: DatasetFiles = { ...written, ...(verifier ? { verifier: verifier.file } : {}) };
    for (const sidecar of exporters[processing.format].sidecars(files))
      await writeFile(join(options.outDir, sidecar.path), sidecar.text);
    const histograms = stageHistograms(stageOfSample, kept.turns, kept.tokens, stages);
    const stats: SftStats = {
      format: processing.format,
      tokenizer: counter.name,
      inputs: options.trajectories,
      records: tally.records,
      kept: tally.kept,
      excluded: tally.excluded,
      dropped: tally.dropped,
      repaired: tally.repaired,
      assistant_turns: tally.assistantTurns,
      masked_turns: tally.maskedTurns,
      masked_turn_fraction: tally.assistantTurns === 0 ? 0 : tally.maskedTurns / tally.assistantTurns,
      tokens: tally.tokens,
      trained_tokens: tally.trainedTokens,
      curriculum: { difficulty, stages, boundaries },
      stages: histograms.map((h, i) => ({ stage: i + 1, file: written.stages[i]!, ...h })),
      ordered_file: written.ordered,
      provenance: tally.provenance,
      ...(verifier ? { verifier: { ...verifier, balance, dropped: tally.verifierDropped } } : {}),
      duration_ms: Date.now() - started,
    };
    await writeJson(join(options.outDir, 'stats.json'), stats);
    return { outDir: options.outDir, files, stats };
  } finally {
    await runner.close();
    await Promise.all([sft.remove(), verifierSpill.remove()]);
  }
}
