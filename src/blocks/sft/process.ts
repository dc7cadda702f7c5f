import { createHash } from 'node:crypto';
import { Trajectory } from '../../schema/trajectory.js';
import { shapeConversation, type ShapeOptions } from './conversation.js';
import type { FunctionListName } from '../../agent/fncall-text-styles.js';
import { exporters, type ExportContext, type ExportFormat, type Exporter } from './exporters/index.js';
import type { SftMessage, SftProvenance, SftSample } from '../../schema/sft.js';
import type { TokenCounter } from './tokenizer.js';
import {
  verifierFormats,
  verifierMessages,
  type VerifierFormatName,
  type VerifierPromptText,
} from '../verifier/formats/index.js';

export type Include = 'resolved' | 'resolved+partial';

/** Everything that decides how one trajectory line becomes records (plain data: it crosses to workers). */
export interface ProcessOptions extends ShapeOptions {
  format: ExportFormat;
  include: Include;
  /** Keep gold-policy replays (left out by default: they are the reference patch, not a model's work). */
  includeGold: boolean;
  /** Keep trajectories whose final patch changes test infrastructure (left out by default). */
  includeTestInfra: boolean;
  maxTokens: number;
  verifier: boolean;
  /** Evaluation instances to keep out: their ids, and their `repo@base_commit`. */
  contaminated: { ids: string[]; commits: string[] };
  textFunctions: string;
  functionSuffix?: string;
  functionList: FunctionListName;
  crlf: ExportContext['crlf'];
  verifierFormat: VerifierFormatName;
  verifierPrompt: VerifierPromptText;
}

export interface SftPart {
  text: string;
  turns: number;
  maskedTurns: number;
  tokens: number;
  trainedTokens: number;
  dedupKey: string;
  provenance: SftProvenance;
}

export interface VerifierPart {
  text: string;
  yes: boolean;
  dedupKey: string;
}

/** What one input line became: an SFT record or its drop reason, and a verifier record or its drop reason. */
export interface LineResult {
  repairs: string[];
  /** Why the whole trajectory was left out by policy (no SFT nor verifier record), if it was. */
  excluded?: string;
  sft?: SftPart;
  dropped?: string;
  verifier?: VerifierPart;
  verifierDropped?: string;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

function decode(bytes: Uint8Array, repairs: string[]): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    repairs.push('non_utf8_repaired');
    return lenientUtf8.decode(bytes);
  }
}

function callTokens(counter: TokenCounter, message: SftMessage): number {
  const calls = message.tool_calls ?? [];
  return calls.reduce(
    (n, c) => n + 4 + counter.count(`{"name": "${c.function.name}", "arguments": ${c.function.arguments}}`),
    0,
  );
}

/** Tokens of a message in a ChatML rendering: content, tool calls, and 5 for its header and end of turn. */
function messageTokens(counter: TokenCounter, message: SftMessage): number {
  return 5 + counter.count(message.content) + callTokens(counter, message);
}

function provenanceOf(trajectory: Trajectory): SftProvenance {
  return { policy: trajectory.policy, model: trajectory.model, endpoint: trajectory.endpoint ?? null };
}

/** Why policy leaves this trajectory out of the build, or undefined when it stays. */
function exclusionOf(trajectory: Trajectory, options: ProcessOptions): string | undefined {
  if (trajectory.policy === 'gold' && !options.includeGold) return 'gold_policy';
  const infra = trajectory.judgement?.touches_test_infra ?? [];
  if (infra.length > 0 && !options.includeTestInfra) return 'touches_test_infra';
  return undefined;
}

function sampleOf(trajectory: Trajectory, messages: SftMessage[], repairs: string[]): SftSample {
  const assistant = messages.filter((m) => m.role === 'assistant');
  return {
    sample_id: trajectory.trajectory_id,
    trajectory_id: trajectory.trajectory_id,
    instance_id: trajectory.instance_id,
    repo: trajectory.repo,
    base_commit: trajectory.base_commit,
    resolved: trajectory.resolved,
    partial: trajectory.partial,
    provenance: provenanceOf(trajectory),
    format: trajectory.format,
    tools: trajectory.tools,
    messages,
    turns: assistant.length,
    masked_turns: assistant.filter((m) => m.weight === 0).length,
    tokens: 0,
    trained_tokens: 0,
    repairs,
  };
}

/** Tokens of the exported turns in a ChatML rendering: each turn's text and 5 for its header and end. */
function countExported(sample: SftSample, counter: TokenCounter, exporter: Exporter, context: ExportContext) {
  const turns = exporter.turns?.(sample, context);
  if (!turns) return countTokens(sample, counter);
  sample.tokens = 0;
  sample.trained_tokens = 0;
  for (const turn of turns) {
    const n = 5 + counter.count(turn.content);
    sample.tokens += n;
    if (turn.trained) sample.trained_tokens += n;
  }
}

function countTokens(sample: SftSample, counter: TokenCounter): void {
  let tokens = sample.tools.length > 0 ? counter.count(JSON.stringify(sample.tools)) : 0;
  let trained = 0;
  for (const message of sample.messages) {
    const n = messageTokens(counter, message);
    tokens += n;
    if (message.role === 'assistant' && message.weight === 1) trained += n;
  }
  sample.tokens = tokens;
  sample.trained_tokens = trained;
}

function verifierSample(trajectory: Trajectory, options: ProcessOptions): SftSample {
  const prompt = verifierMessages(options.verifierFormat, trajectory, options.verifierPrompt);
  const answer = verifierFormats[options.verifierFormat].answer(trajectory.resolved);
  const messages: SftMessage[] = [
    ...prompt.map((m) => ({
      role: m.role,
      content: m.content,
      weight: 0 as const,
      error_reason: null,
    })),
    { role: 'assistant', content: answer, weight: 1, error_reason: null },
  ];
  return {
    ...sampleOf(trajectory, messages, []),
    sample_id: `${trajectory.trajectory_id}#verifier`,
    tools: [],
  };
}

/** Turns one line of a trajectories file into records; pure, so workers and the main thread agree. */
export class LineProcessor {
  private readonly ids: Set<string>;
  private readonly commits: Set<string>;
  private readonly context: ExportContext;

  constructor(
    private readonly options: ProcessOptions,
    private readonly counter: TokenCounter,
  ) {
    this.ids = new Set(options.contaminated.ids);
    this.commits = new Set(options.contaminated.commits);
    this.context = {
      textFunctions: options.textFunctions,
      ...(options.functionSuffix !== undefined ? { functionSuffix: options.functionSuffix } : {}),
      functionList: options.functionList,
      crlf: options.crlf,
    };
  }

  process(bytes: Uint8Array): LineResult {
    const repairs: string[] = [];
    const text = decode(bytes, repairs);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return { repairs, dropped: 'invalid_json', verifierDropped: 'invalid_json' };
    }
    const parsed = Trajectory.safeParse(value);
    if (!parsed.success) return { repairs, dropped: 'invalid_record', verifierDropped: 'invalid_record' };
    const trajectory = parsed.data;
    if (
      this.ids.has(trajectory.instance_id) ||
      this.commits.has(`${trajectory.repo}@${trajectory.base_commit}`)
    )
      return { repairs, dropped: 'contaminated', verifierDropped: 'contaminated' };
    const excluded = exclusionOf(trajectory, this.options);
    if (excluded) return { repairs, excluded };
    const dedupKey = `${trajectory.instance_id}\0${createHash('sha1').update(trajectory.patch).digest('hex')}`;
    return {
      repairs,
      ...this.verifierPart(trajectory, dedupKey),
      ...this.sftPart(trajectory, dedupKey, repairs),
    };
  }

  private sftPart(trajectory: Trajectory, dedupKey: string, repairs: string[]): Partial<LineResult> {
    const wanted = trajectory.resolved || (this.options.include === 'resolved+partial' && trajectory.partial);
    if (!wanted) return { dropped: trajectory.partial ? 'partial' : 'unresolved' };
    const shaped = shapeConversation(trajectory, this.options);
    if ('drop' in shaped) return { dropped: shaped.drop };
    repairs.push(...shaped.repairs);
    const sample = sampleOf(trajectory, shaped.messages, [...new Set(repairs)].sort());
    const exporter = exporters[this.options.format];
    countExported(sample, this.counter, exporter, this.context);
    if (sample.tokens > this.options.maxTokens) return { dropped: 'over_max_tokens' };
    const { turns, masked_turns: maskedTurns, tokens, trained_tokens: trainedTokens, provenance } = sample;
    const text = exporter.line(sample, this.context);
    return { sft: { text, turns, maskedTurns, tokens, trainedTokens, dedupKey, provenance } };
  }

  private verifierPart(trajectory: Trajectory, dedupKey: string): Partial<LineResult> {
    if (!this.options.verifier) return {};
    if (trajectory.judgement === null) return { verifierDropped: 'unjudged' };
    const text = exporters[this.options.format].line(verifierSample(trajectory, this.options), this.context);
    return { verifier: { text, yes: trajectory.resolved, dedupKey } };
  }
}
