import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCalcFixes, hostPytestSpec } from '../blocks/swegen/validate/calc-fixes.js';
import { tempDir } from '../repos/test-repo.js';
import { runCli } from './test-cli.js';

let root: string;
let shas: Record<string, string>;
beforeAll(async () => {
  root = await tempDir('lf-synth-cli-test-');
  shas = await buildCalcFixes(join(root, 'calc'));
  await writeFile(join(root, 'spec.json'), JSON.stringify(hostPytestSpec));
});
afterAll(() => rm(root, { recursive: true, force: true }));

const run = (...args: string[]) => runCli('swegen', ...args);

const where = () => ['--repo', `acme/calc=${join(root, 'calc')}`, '--cache', join(root, 'cache')];

describe('legofactory swegen synth and publish', () => {
  it('synthesizes and validates bugs, prints the ledger, and publishes them as branches', async () => {
    const out = join(root, 'synth.jsonl');
    const printed = await run(
      'synth',
      ...where(),
      '--env',
      `acme/calc=${join(root, 'spec.json')}`,
      '--commit',
      shas['refactor']!,
      '--transforms',
      'change_operator,swap_operands',
      '--max',
      '3',
      '--seed',
      '2',
      '--sandbox',
      'local',
      '--out',
      out,
      '--validate',
      '--runs',
      '1',
    );
    expect(printed).toMatch(/^synth +3 +3 +0 +0 /m);
    expect(printed).toMatch(/^procedural +3 +\d +\d +\d+% +0 +0\.0000 /m);
    const instancesPath = join(root, 'synth.instances.jsonl');
    const instances = (await readFile(instancesPath, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(printed).toContain(`${instances.length} instances written to ${instancesPath}`);
    expect(instances.length).toBeGreaterThanOrEqual(1);
    const summary = JSON.parse(await readFile(join(root, 'synth.run', 'summary.json'), 'utf8'));
    expect(summary.ledger.strategies[0].strategy).toBe('procedural');

    const bundle = join(root, 'synth.bundle');
    const published = await run('publish', ...where(), '--instances', instancesPath, '--bundle', bundle);
    expect(published).toContain(`${instances.length} branches written to ${bundle}`);
    const clone = join(root, 'clone');
    await execa('git', ['clone', '-q', '--bare', bundle, clone]);
    const heads = (
      await execa('git', ['for-each-ref', '--format=%(refname:short) %(objectname)'], { cwd: clone })
    ).stdout;
    expect(heads.split('\n').sort()).toEqual(
      instances.map((i) => `${i.instance_id} ${i.base_commit}`).sort(),
    );
    const history = (await execa('git', ['rev-list', '--all'], { cwd: clone })).stdout.split('\n');
    expect(history.sort()).toEqual(instances.map((i) => i.base_commit).sort());

    const mirror = join(root, 'mirror.git');
    await run('publish', ...where(), '--instances', instancesPath, '--branches', mirror);
    const branches = (await execa('git', ['branch', '--format=%(refname:short)'], { cwd: mirror })).stdout;
    expect(branches.split('\n').sort()).toEqual(instances.map((i) => i.instance_id).sort());
  });

  it('names the flags a model strategy or combine needs', async () => {
    const args = [...where(), '--out', join(root, 'x.jsonl'), '--sandbox', 'local'];
    await expect(run('synth', ...args, '--strategies', 'procedural,lm-modify')).rejects.toThrow(
      'lm-modify and lm-rewrite need a model endpoint: give --base-url URL and --model NAME',
    );
    await expect(run('synth', ...args, '--strategies', 'combine')).rejects.toThrow(
      'combine merges validated bugs: add --validate, or give validated instances with --combine-from FILE',
    );
    await expect(
      run(
        'synth',
        ...args,
        '--strategies',
        'lm-rewrite',
        '--base-url',
        'http://127.0.0.1:9/v1',
        '--model',
        'm',
      ),
    ).rejects.toThrow('Check --base-url, --model and --api-key-env.');
    await expect(run('synth', ...args, '--strategies', 'fuzz')).rejects.toThrow('unknown strategy "fuzz"');
  });
});
