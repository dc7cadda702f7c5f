import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPipeline, parsePipeline } from './load.js';

const head = 'name: p\nrepos: [acme/calc=./calc]\n';

function problems(text: string): string[] {
  try {
    parsePipeline(text, 'p.yaml');
  } catch (err) {
    return (err as Error).message
      .split('\n')
      .slice(1)
      .map((line) => line.trim());
  }
  throw new Error('the file was accepted');
}

describe('parsePipeline', () => {
  it('accepts a valid file, fills every default, and orders the stages after what they read', () => {
    const { file, order } = parsePipeline(
      `${head}stages:
  rollout: { block: trajgen-rollout, from: [validate] }
  validate: { block: swegen-validate, from: [mine, synth], config: { runs: 2 } }
  synth: { block: swegen-synth }
  mine: { block: swegen-mine }
`,
      'p.yaml',
    );
    expect(order).toEqual(['mine', 'synth', 'validate', 'rollout']);
    expect(file.defaults).toEqual({ sandbox: 'auto', workers: 2, pip: 'host' });
    expect(file.stages['validate']).toEqual({
      block: 'swegen-validate',
      from: ['mine', 'synth'],
      config: { runs: 2, timeout_ms: 600_000 },
    });
    expect(file.stages['synth']?.config).toEqual({
      strategies: ['procedural'],
      max: 8,
      seed: 0,
      validate: false,
      runs: 3,
      timeout_ms: 600_000,
    });
  });

  it('names the stage and the key of each problem', () => {
    expect(problems(`${head}stages:\n  mine: { block: swegen-mien }\n`)).toEqual([
      'stages.mine.block: unknown block "swegen-mien"; choose one of: swegen-mine, swegen-synth, ' +
        'swegen-validate, trajgen-rollout, sft-build, sft-train, verifier-score, eval-tts, eval',
    ]);
    expect(
      problems(
        `${head}stages:\n  mine: { block: swegen-mine }\n  validate: { block: swegen-validate, from: [mien] }\n`,
      ),
    ).toEqual(['stages.validate.from[0]: unknown stage "mien"']);
    expect(
      problems(
        `${head}stages:\n  mine: { block: swegen-mine }\n  tts: { block: eval-tts, from: [mine] }\n` +
          '  v: { block: swegen-validate }\n',
      ),
    ).toEqual([
      'stages.tts.from[0]: stage "mine" (swegen-mine) writes candidates; eval-tts reads trajectories or scores',
      'stages.v.from: swegen-validate needs candidates from an upstream stage',
    ]);
    expect(problems(`${head}stages:\n  mine: { block: swegen-mine, from: [mine] }\n`)).toEqual([
      'stages.mine.from[0]: a stage cannot read from itself',
    ]);
    expect(
      problems(
        `${head}stages:\n  roll: { block: trajgen-rollout, from: [score] }\n  score: { block: verifier-score, from: [roll] }\n`,
      ),
    ).toEqual([
      'stages.roll.from[0]: stage "score" (verifier-score) writes scores, trajectories; trajgen-rollout reads instances',
    ]);
    expect(
      problems(
        `${head}stages:\n  mine: { block: swegen-mine }\n  roll: { block: trajgen-rollout, from: [mine] }\n`,
      ),
    ).toEqual([
      'stages.roll.from[0]: stage "mine" (swegen-mine) writes candidates; trajgen-rollout reads instances',
    ]);
    expect(problems('name: p\nrepos: [acme/calc=./calc, calc]\nstages: {}\n')).toEqual([
      'repos[1]: expected owner/name=PATH_OR_URL',
    ]);
    expect(problems(`${head}stages:\n  mine: { block: swegen-mine, config: { max_commit: 3 } }\n`)).toEqual([
      'stages.mine.config.max_commit: unknown key',
    ]);
    expect(
      problems(
        `${head}defaults: { model: { base_url: 'http://x/v1', model: m, api_key: sk-1 } }\nstages: {}\n`,
      ),
    ).toEqual([
      'defaults.model.api_key: unknown key (name the variable holding the key in api_key_env; never write the key)',
    ]);
    expect(
      problems(`${head}stages:\n  s: { block: swegen-synth, config: { strategies: [combine] } }\n`),
    ).toEqual([
      'stages.s.config.strategies: combine merges validated bugs: set validate: true, or leave combine out of strategies',
    ]);
  });

  it('finds a cycle and names it', () => {
    expect(
      problems(
        `${head}stages:\n  v: { block: swegen-validate, from: [s] }\n  s: { block: swegen-synth }\n` +
          '  r: { block: trajgen-rollout, from: [v] }\n  e1: { block: eval, from: [v] }\n' +
          '  t: { block: eval-tts, from: [sc] }\n  sc: { block: verifier-score, from: [t2] }\n' +
          '  t2: { block: verifier-score, from: [sc] }\n',
      ),
    ).toEqual(['stages.sc.from: cycle sc -> t2 -> sc']);
  });
});

describe('loadPipeline', () => {
  it('refuses a missing file and a file that is not YAML, before any work', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lf-pipeline-'));
    await expect(loadPipeline(join(dir, 'none.yaml'))).rejects.toThrow(
      `cannot read the pipeline file ${join(dir, 'none.yaml')} (ENOENT)`,
    );
    await writeFile(join(dir, 'bad.yaml'), 'name: [p\n');
    await expect(loadPipeline(join(dir, 'bad.yaml'))).rejects.toThrow(/bad\.yaml:\n {2}not YAML: /);
  });

  it('keeps the file and its directory, against which relative paths resolve', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lf-pipeline-'));
    await writeFile(join(dir, 'p.yaml'), `${head}stages:\n  mine: { block: swegen-mine }\n`);
    const loaded = await loadPipeline(join(dir, 'p.yaml'));
    expect([loaded.path, loaded.baseDir, loaded.order]).toEqual([join(dir, 'p.yaml'), dir, ['mine']]);
  });
});
