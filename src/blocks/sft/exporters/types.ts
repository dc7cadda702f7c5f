import type { FunctionListName } from '../../../agent/fncall-text-styles.js';
import type { SftSample } from '../../../schema/sft.js';

/** What an exporter needs besides the sample. */
export interface ExportContext {
  /** The text format's function-list template (agent/prompts/text-functions.md). */
  textFunctions: string;
  /** OpenHands' own system-prompt suffix for the `openhands` layout (a prompt dir's fn_call_suffix.txt). */
  functionSuffix?: string;
  /** How native trajectories' tools and calls are laid out in the text format. */
  functionList: FunctionListName;
  /** `normalize`: `\r\n` becomes `\n` in every text-format message, as SWE-Lego's data script does. */
  crlf: 'keep' | 'normalize';
}

/** One turn as the training tool reads it, for token budgets. */
export interface ExportedTurn {
  content: string;
  trained: boolean;
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
  /**
   * The turns the training tool reads, when it reads plain text (the text format): budgets count these,
   * which is what the tool truncates. Without it, budgets count the messages with their tool calls.
   */
  turns?(sample: SftSample, context: ExportContext): ExportedTurn[];
  /** How the tool finds and reads the data files. */
  sidecars(files: DatasetFiles): Sidecar[];
}
