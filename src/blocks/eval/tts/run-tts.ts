import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LegoError } from '../../../errors.js';
import type { TtsMetrics } from '../../../schema/tts.js';
import { writeJson } from '../../../store/jsonl.js';
import { renderCurveSvg } from './chart.js';
import type { InstanceRow } from './instance-metrics.js';
import { loadTtsInputs, type TtsInputs } from './load-inputs.js';
import { computeTtsMetrics, defaultKs } from './metrics.js';
import { svgToPng } from './png.js';
import { writeSelectedPredictions } from './predictions.js';
import { defaultSubsetPolicy, type SubsetPolicy } from './subsets.js';
import { perInstanceRows, toTsv } from './tables.js';

/** The options of `legofactory eval tts`. */
export interface TtsRunOptions {
  trajectoriesPath: string;
  /** Verifier scores (`verifier score` output); without them there is no verifier selector. */
  scoresPath?: string;
  /** Default 1, 2, 4, 8, 16. */
  ks?: number[];
  outDir: string;
  policy?: Partial<SubsetPolicy>;
  /** The chart's title. */
  title?: string;
}

/** What a TTS report consists of, with the paths of the files written. */
export interface TtsReport {
  outDir: string;
  metrics: TtsMetrics;
  rows: InstanceRow[];
  /** Input problems, one line each (also counted in `metrics.bad_input`). */
  problems: string[];
  files: { metrics: string; table: string; svg: string; png: string; predictions: string[] };
}

function checkKs(ks: number[]): number[] {
  const bad = ks.filter((k) => !Number.isInteger(k) || k < 1);
  if (bad.length > 0 || ks.length === 0)
    throw new LegoError(
      'bad_input',
      `--k needs positive whole numbers, like 1,2,4,8,16 (got ${ks.join(',')})`,
    );
  return [...new Set(ks)].sort((a, b) => a - b);
}

/** Report options for candidates already in memory: `source` says where they came from. */
export type TtsReportOptions = Omit<TtsRunOptions, 'trajectoriesPath'> & { source: string };

/** Computes and writes a TTS report from candidates already in memory (see runTts for the files). */
export async function writeTtsReport(inputs: TtsInputs, options: TtsReportOptions): Promise<TtsReport> {
  const ks = checkKs(options.ks ?? defaultKs);
  const { metrics, rows } = computeTtsMetrics(inputs, {
    source: options.source,
    scoresPath: options.scoresPath ?? null,
    ks,
    policy: { ...defaultSubsetPolicy, ...options.policy },
  });
  const out = options.outDir;
  await mkdir(out, { recursive: true });
  const files = {
    metrics: join(out, 'metrics.json'),
    table: join(out, 'per_instance.tsv'),
    svg: join(out, 'curve.svg'),
    png: join(out, 'curve.png'),
    predictions: await writeSelectedPredictions(out, inputs.groups, ks, metrics.selectors),
  };
  await writeJson(files.metrics, metrics);
  await writeFile(files.table, toTsv(perInstanceRows(rows, ks, metrics.selectors)));
  const svg = renderCurveSvg(metrics, options.title);
  await writeFile(files.svg, svg);
  await writeFile(files.png, svgToPng(svg));
  return { outDir: out, metrics, rows, problems: inputs.problems, files };
}

/**
 * `eval tts`: reads judged trajectories (k per instance) and optional verifier scores, and writes to
 * `outDir`: metrics.json (pass@1, pass@k, best@k per selector, bad-input counts), per_instance.tsv,
 * curve.svg and curve.png, and SWE-bench predictions of each selector at each k under predictions/.
 */
export async function runTts(options: TtsRunOptions): Promise<TtsReport> {
  const { trajectoriesPath, ...rest } = options;
  const inputs = await loadTtsInputs(trajectoriesPath, options.scoresPath);
  return writeTtsReport(inputs, { ...rest, source: trajectoriesPath });
}
