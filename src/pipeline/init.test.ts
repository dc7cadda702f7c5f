import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { initPipeline } from './init.js';
import { parsePipeline } from './load.js';
import { stageKinds } from './stages/index.js';

const repos = { 'acme/calc': '/src/calc' };

describe('initPipeline', () => {
  it('writes the full recipe, which validates, with every default spelled out as parsing fills it', () => {
    const text = initPipeline({ name: 'recipe', repos });
    const { file, order } = parsePipeline(text, 'recipe.yaml');
    expect(order).toEqual(['mine', 'synth', 'validate', 'rollout', 'sft', 'score', 'tts']);
    expect(file.repos).toEqual(['acme/calc=/src/calc']);
    const written = parse(text) as { stages: Record<string, { config: unknown }> };
    for (const [name, stage] of Object.entries(file.stages)) {
      expect(written.stages[name]?.config, name).toEqual(stage.config);
      expect(stage.config, name).toEqual(stageKinds[stage.block].config.parse({}));
    }
  });

  it('documents each stage and field, and leaves sft-train commented out for a GPU', () => {
    const text = initPipeline({ name: 'recipe', repos });
    expect(text).toContain(
      '      # NOP and Oracle runs per candidate, repeated to catch flaky tests.\n      runs: 3\n',
    );
    expect(text).toContain('  # train:\n  #   block: sft-train\n  #   from: ["sft"]\n');
    expect(text).toContain('  #     trainer_config: trainer.yaml\n');
    expect(text).toContain('  #     python: python3\n');
    expect(text).toContain('  #     # accelerate_config:\n');
    expect(text).toContain('  # model:\n');
  });

  it('keeps the stages --stages lists, reading only from kept stages', () => {
    const text = initPipeline({ name: 'r', repos, stages: ['mine', 'validate'] });
    const { file, order } = parsePipeline(text, 'r.yaml');
    expect(order).toEqual(['mine', 'validate']);
    expect(file.stages['validate']?.from).toEqual(['mine']);
    expect(() => initPipeline({ name: 'r', repos, stages: ['mine', 'rollout'] })).toThrow(
      '--stages: rollout reads from validate; keep one of them too',
    );
    expect(() => initPipeline({ name: 'r', repos, stages: ['mien'] })).toThrow(
      '--stages: unknown stage mien',
    );
  });

  it('keeps sft-train commented out even when --stages names it: it needs a trainer config and a GPU', () => {
    const text = initPipeline({ name: 'r', repos, stages: ['mine', 'validate', 'rollout', 'sft', 'train'] });
    expect(text).toContain('  # train:\n');
  });
});
