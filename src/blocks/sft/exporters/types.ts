import type { SftSample } from '../schema.js';

/** What an exporter needs besides the sample. */
export interface ExportContext {
  /** The text format's function-list template (agent/prompts/text-functions.md). */
  textFunctions: string;
}

/** The data files a build wrote, by name relative to the output directory. */
export interface DatasetFiles {
  stages: string[];
  ordered: string;
  verifier?: string;
}

/** A file beside the data (dataset_info.json, a config snippet), relative to the output directory. */
export interface Sidecar {
  path: string;
  text: string;
}

/** Writes samples for one training tool. */
export interface Exporter {
  /** One JSONL line (without the newline) for a sample. */
  line(sample: SftSample, context: ExportContext): string;
  /** How the tool finds and reads the data files. */
  sidecars(files: DatasetFiles): Sidecar[];
}
