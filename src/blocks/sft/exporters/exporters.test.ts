import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadPromptTemplates } from '../../../agent/template.js';
import { shapeConversation } from '../conversation.js';
import { SftSample } from '../../../schema/sft.js';
import { stepsWithOneError, testTrajectory } from '../test-trajectories.js';
import { exporters, type ExportContext, type ExportFormat } from './index.js';

interface ReadTurn {
  role: string;
  content: string;
  trained: boolean;
}

/** A message's text with its native calls, if any, so a masked call can be found by its arguments. */
const withCalls = (m: { content: string; tool_calls?: unknown }) =>
  m.tool_calls ? `${m.content}\n${JSON.stringify(m.tool_calls)}` : m.content;

/** How each tool reads a line: the messages and whether it computes loss on each (as its docs say). */
const readers: Record<ExportFormat, (record: Record<string, unknown>) => ReadTurn[]> = {
  'swe-lego': (r) =>
    (r['messages'] as Array<{ role: string; content: string; turn_mask: boolean }>).map((m) => ({
      role: m.role,
      content: m.content,
      trained: m.role === 'assistant' && !m.turn_mask,
    })),
  axolotl: (r) =>
    (r['messages'] as Array<{ role: string; content: string; train: boolean }>).map((m) => ({
      role: m.role,
      content: withCalls(m),
      trained: m.train,
    })),
  openai: (r) =>
    (r['messages'] as Array<{ role: string; content: string; weight?: number }>).map((m) => ({
      role: m.role,
      content: withCalls(m),
      trained: m.role === 'assistant' && m.weight !== 0,
    })),
  messages: (r) =>
    SftSample.parse(r).messages.map((m) => ({
      role: m.role,
      content: withCalls(m),
      trained: m.weight === 1,
    })),
};

const context: ExportContext = {
  textFunctions: (await loadPromptTemplates()).textFunctions,
  functionList: 'legofactory',
  crlf: 'keep',
};

const provenance = { policy: 'model', model: 'test-model', endpoint: 'http://127.0.0.1:8000/v1' } as const;

function sampleOf(format: 'native' | 'text'): SftSample {
  const trajectory = testTrajectory({ id: '7', format, steps: stepsWithOneError() });
  const shaped = shapeConversation(trajectory, { errorMask: true, maxMessageChars: 100_000 });
  if ('drop' in shaped) throw new Error(shaped.drop);
  return SftSample.parse({
    ...trajectory,
    sample_id: trajectory.trajectory_id,
    provenance,
    messages: shaped.messages,
    turns: 4,
    masked_turns: 1,
    tokens: 0,
    trained_tokens: 0,
    repairs: [],
  });
}

const files = {
  stages: ['stage-1.jsonl', 'stage-2.jsonl'],
  ordered: 'ordered.jsonl',
  verifier: 'verifier.jsonl',
};

describe.each(Object.keys(exporters) as ExportFormat[])('the %s exporter', (format) => {
  const exporter = exporters[format];

  it.each(['text', 'native'] as const)(
    'trains exactly the unmasked assistant turns of a %s trajectory',
    (calls) => {
      const sample = sampleOf(calls);
      const line = exporter.line(sample, context);
      expect(line).not.toContain('\n');
      const turns = readers[format](JSON.parse(line) as Record<string, unknown>);
      const trained = turns.filter((t) => t.trained);
      expect(trained).toHaveLength(3);
      expect(trained.every((t) => t.role === 'assistant')).toBe(true);
      expect(turns.filter((t) => t.role === 'assistant' && !t.trained)).toHaveLength(1);
      const masked = turns.find((t) => t.role === 'assistant' && !t.trained)!;
      expect(masked.content).toContain('/testbed/nope.py');
      expect(turns.at(-1)).toMatchObject({ role: 'assistant', trained: true });
      expect(turns.map((t) => t.content).join('\n')).toContain('Fixed add().');
    },
  );

  it('carries the provenance where the format allows extra keys, and nowhere in OpenAI lines', () => {
    const record = JSON.parse(exporter.line(sampleOf('native'), context)) as Record<string, unknown>;
    if (format === 'openai') expect(Object.keys(record).sort()).toEqual(['messages', 'tools']);
    else expect(record['provenance']).toEqual(provenance);
  });

  it('names every data file it writes in its sidecars', () => {
    const text = exporter
      .sidecars(files)
      .map((sidecar) => sidecar.text)
      .join('\n');
    if (text === '') return;
    for (const file of [...files.stages, files.ordered]) expect(text).toContain(file);
  });
});

describe('the swe-lego exporter', () => {
  it('writes the text call format with strictly alternating roles, even for a native trajectory', () => {
    const record = JSON.parse(exporters['swe-lego'].line(sampleOf('native'), context)) as {
      messages: Array<{ role: string; content: string; turn_mask: boolean }>;
    };
    const roles = record.messages.map((m) => m.role);
    expect(roles[0]).toBe('system');
    roles.slice(1).forEach((role, i) => expect(role).toBe(i % 2 === 0 ? 'user' : 'assistant'));
    expect(record.messages[0]!.content).toContain('### execute_bash');
    expect(record.messages[2]!.content).toBe(
      'I will call execute_bash.\n<function=execute_bash>\n<parameter=command>cat calc.py</parameter>\n</function>',
    );
    expect(record.messages[3]!.content).toBe(
      'EXECUTION RESULT of [execute_bash]:\ndef add(a, b):\n    return a - b',
    );
    expect(record.messages.map((m) => m.turn_mask)).toEqual([
      false,
      false,
      false,
      false,
      true,
      false,
      false,
      false,
      false,
    ]);
  });

  it('merges consecutive same-role messages, masking the merged turn if any part was masked', () => {
    const sample = sampleOf('text');
    sample.messages.splice(3, 1);
    const record = JSON.parse(exporters['swe-lego'].line(sample, context)) as {
      messages: Array<{ role: string; content: string; turn_mask: boolean }>;
    };
    expect(record.messages.map((m) => m.role)).toEqual([
      'system',
      'user',
      'assistant',
      'user',
      'assistant',
      'user',
      'assistant',
    ]);
    expect(record.messages[2]!.turn_mask).toBe(true);
    expect(record.messages[2]!.content).toContain('cat calc.py');
    expect(record.messages[2]!.content).toContain('nope.py');
  });

  it('registers every file in dataset_info.json as sharegpt with role tags', () => {
    const [info] = exporters['swe-lego'].sidecars(files);
    const parsed = JSON.parse(info!.text) as Record<string, { file_name: string; formatting: string }>;
    expect(Object.values(parsed).map((d) => d.file_name)).toEqual([
      ...files.stages,
      files.ordered,
      files.verifier,
    ]);
    expect(Object.values(parsed).every((d) => d.formatting === 'sharegpt')).toBe(true);
  });

  it("writes LLaMA-Factory configs with SWE-Lego's 131k recipe: the fork's, stock's, the verifier's", () => {
    const byPath = new Map(exporters['swe-lego'].sidecars(files).map((s) => [s.path, s.text]));
    expect([...byPath.keys()]).toEqual([
      'dataset_info.json',
      'train.yaml',
      'train.stock.yaml',
      'verifier.yaml',
      'ds_z3_config.json',
    ]);
    const recipe = {
      finetuning_type: 'full',
      deepspeed: 'ds_z3_config.json',
      template: 'qwen3_nothink',
      cutoff_len: 131072,
      rope_scaling: 'yarn',
      flash_attn: 'fa2',
      save_strategy: 'epoch',
      save_only_model: true,
      learning_rate: 1.0e-4,
      weight_decay: 0.01,
      max_grad_norm: 1.0,
      num_train_epochs: 4,
      lr_scheduler_type: 'cosine',
      warmup_ratio: 0.1,
    };
    const fork = parse(byPath.get('train.yaml')!) as Record<string, unknown>;
    expect(fork).toMatchObject({
      ...recipe,
      dataset: 'legofactory_ordered',
      turn_mask: true,
      disable_shuffling: true,
    });
    const stock = parse(byPath.get('train.stock.yaml')!) as Record<string, unknown>;
    expect(stock).toEqual({ ...fork, turn_mask: undefined });
    expect('turn_mask' in stock).toBe(false);
    const verifier = parse(byPath.get('verifier.yaml')!) as Record<string, unknown>;
    expect(verifier).toMatchObject({
      ...recipe,
      dataset: 'legofactory_verifier',
      output_dir: 'saves/legofactory-verifier',
    });
    expect('turn_mask' in verifier).toBe(false);
    const zero = JSON.parse(byPath.get('ds_z3_config.json')!) as {
      zero_optimization: Record<string, unknown>;
    };
    expect(zero.zero_optimization).toMatchObject({
      stage: 3,
      stage3_gather_16bit_weights_on_model_save: true,
    });
    const withoutVerifier = exporters['swe-lego'].sidecars({ ...files, verifier: undefined });
    expect(withoutVerifier.map((s) => s.path)).not.toContain('verifier.yaml');
  });
});

describe('the openai exporter', () => {
  it('puts weight on assistant messages only and keeps native tools', () => {
    const record = JSON.parse(exporters.openai.line(sampleOf('native'), context)) as {
      messages: Array<Record<string, unknown>>;
      tools: unknown[];
    };
    expect(record.tools).toHaveLength(4);
    for (const message of record.messages) expect('weight' in message).toBe(message['role'] === 'assistant');
    expect(record.messages.map((m) => m['weight']).filter((w) => w !== undefined)).toEqual([1, 0, 1, 1]);
  });
});
