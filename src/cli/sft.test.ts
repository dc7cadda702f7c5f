import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it, vi } from 'vitest';
import { functionListStyles } from '../agent/fncall-text-styles.js';
import { toolSchemas } from '../agent/tools/index.js';
import { qwen3TokenizerPath } from '../blocks/sft/tokenizer.js';
import { stepsWithOneError, testTrajectory } from '../blocks/sft/test-trajectories.js';
import { runCli } from './test-cli.js';

const run = async (...args: string[]) => (await runCli(...args)).split('\n');

/** A 1-layer Qwen3 with random weights and the real Qwen3 tokenizer, made by transformers. */
async function tinyModel(dir: string): Promise<string> {
  const script = `
import sys, torch
from transformers import AutoTokenizer, Qwen3Config, Qwen3ForCausalLM
torch.manual_seed(0)
config = Qwen3Config(vocab_size=151936, hidden_size=16, intermediate_size=32, num_hidden_layers=1,
                     num_attention_heads=2, num_key_value_heads=1, head_dim=8, tie_word_embeddings=True)
Qwen3ForCausalLM(config).save_pretrained(sys.argv[1])
AutoTokenizer.from_pretrained(sys.argv[2]).save_pretrained(sys.argv[1])
`;
  const model = join(dir, 'tiny-qwen3');
  await execa('python3', ['-c', script, model, join(qwen3TokenizerPath(), '..')]);
  return model;
}

describe('legofactory sft', () => {
  it('builds swe-lego datasets, then trains them stage by stage, streaming the progress', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lf-sft-cli-'));
    const trajectories = join(dir, 'trajectories.jsonl');
    const records = [1, 2, 3, 4].map((n) =>
      testTrajectory({ id: `t${n}`, instance: `acme__calc-${n}`, steps: stepsWithOneError().slice(4 - n) }),
    );
    await writeFile(trajectories, records.map((r) => JSON.stringify(r)).join('\n'));
    const out = join(dir, 'sft');
    const built = await run('sft', 'build', '--trajectories', trajectories, '--out', out, '--stages', '2');
    expect(built[0]).toBe('sft build (swe-lego, tokenizer qwen3): 4 trajectories read, 4 samples kept');
    expect(built).toContain('curriculum by turns, 2 stages, boundaries [2]:');
    expect(JSON.parse(await readFile(join(out, 'stats.json'), 'utf8'))).toMatchObject({
      kept: 4,
      masked_turns: 2,
    });
    const said = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const again = await run('sft', 'build', '--trajectories', trajectories, '--out', out, '--stages', '2');
      expect(again).toEqual(built);
      expect(said.mock.calls).toEqual([
        [
          `sft build: nothing to do, ${out} was built from these trajectories with these options (--redo rebuilds)`,
        ],
      ]);
    } finally {
      said.mockRestore();
    }

    const config = join(dir, 'train.yaml');
    const model = await tinyModel(dir);
    const yaml = [`model: ${model}`, 'stages: [sft/stage-1.jsonl, sft/stage-2.jsonl]', 'output_dir: trained'];
    await writeFile(config, `${yaml.join('\n')}\nlearning_rate: 0.01\nmax_length: 2048\n`);
    const trained = await run('sft', 'train', '--config', config);
    expect(trained).toContain(
      `stage 1/2: 2 samples (0 truncated) from ${join(out, 'stage-1.jsonl')}, 2 steps`,
    );
    expect(trained.filter((line) => /^stage 2 step \d\/2 loss \d+\.\d{4} lr /.test(line))).toHaveLength(2);
    expect(trained.at(-1)).toBe(`done: ${join(dir, 'trained', 'stage-2', 'final')}`);
  });

  it("build --prompts lays the openhands list out in the directory's fn_call_suffix.txt, byte for byte", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lf-sft-cli-'));
    const trajectories = join(dir, 'trajectories.jsonl');
    const record = testTrajectory({ id: 't1', steps: stepsWithOneError(), format: 'native' });
    await writeFile(trajectories, JSON.stringify(record));
    const prompts = join(dir, 'prompts');
    await mkdir(prompts);
    await writeFile(join(prompts, 'fn_call_suffix.txt'), '\n## toolbox\n{description}## /toolbox\n');
    const build = (out: string, ...extra: string[]) =>
      run('sft', 'build', '--trajectories', trajectories, '--out', join(dir, out), '--stages', '1', ...extra);
    await build('own', '--function-list', 'openhands', '--prompts', prompts);
    const system = async (out: string) =>
      JSON.parse((await readFile(join(dir, out, 'ordered.jsonl'), 'utf8')).trim()).messages[0].content;
    const list = functionListStyles.openhands.describe(toolSchemas());
    expect(await system('own')).toBe(`${record.messages[0]!.content}\n## toolbox\n${list}## /toolbox\n`);

    await writeFile(join(prompts, 'fn_call_suffix.txt'), '\n## toolbox\n');
    await expect(build('bad', '--function-list', 'openhands', '--prompts', prompts)).rejects.toThrow(
      `${join(prompts, 'fn_call_suffix.txt')} has no {description} placeholder`,
    );
  });

  it("fails with the trainer's last words", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lf-sft-cli-'));
    await writeFile(join(dir, 'train.yaml'), 'model: m\nstages: [a.jsonl]\nlearnin_rate: 1\n');
    await expect(run('sft', 'train', '--config', join(dir, 'train.yaml'))).rejects.toThrow(
      /the trainer exited with 1: [\s\S]*ValueError: unknown config keys in .*train.yaml: learnin_rate$/,
    );
  });
});
