import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patchWith, sketchTrajectory, toJsonl } from '../blocks/eval/tts/test-trajectories.js';
import { logprobsVerifier } from '../blocks/verifier/scripted-verifiers.js';
import { runCli } from '../cli/test-cli.js';
import { makeRepo } from '../harness/fixture-repo.js';
import { startScriptedServer, type ScriptedServer } from '../llm/scripted-server.js';

let dir: string;
let server: ScriptedServer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lf-resume-'));
  server = await startScriptedServer({ agents: { judge: logprobsVerifier(() => 0.7) } });
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const lines = (path: string) => readFileSync(path, 'utf8').split('\n').slice(0, -1);

describe('every entry point refuses to resume under another config', () => {
  it('verifier score: names the changed setting, keeps the scores, and recomputes on --redo', async () => {
    const trajectories = join(dir, 'trajectories.jsonl');
    await writeFile(
      trajectories,
      toJsonl(
        [0, 1, 2].map((sample) =>
          sketchTrajectory({ instance_id: 'a-1', sample, patch: patchWith('x'), resolved: false }),
        ),
      ),
    );
    const out = join(dir, 'scores.jsonl');
    const score = (...more: string[]) =>
      runCli(
        ...['verifier', 'score', '--trajectories', trajectories, '--base-url', server.url],
        ...['--model', 'judge', '--out', out, '--json', ...more],
      );
    await score();
    const before = readFileSync(out, 'utf8');
    expect(lines(out)).toHaveLength(3);
    await expect(score('--max-tokens', '32')).rejects.toThrow(
      /holds scores results computed under another config:\n {2}maxTokens: 16 → 32\n/,
    );
    expect(readFileSync(out, 'utf8')).toBe(before);
    expect(JSON.parse(await score('--max-tokens', '32', '--redo'))).toMatchObject({ scored: 3 });
    expect(lines(join(`${out}.run`, 'scores.jsonl'))).toHaveLength(3);
    expect(JSON.parse(await score('--max-tokens', '32'))).toMatchObject({ scored: 3 });
  });

  it('swegen mine: refuses another --max-commits before mining', async () => {
    const repo = await makeRepo({ 'calc.py': 'def add(a, b):\n    return a + b\n' });
    const out = join(dir, 'candidates.jsonl');
    const mine = (...more: string[]) =>
      runCli(
        ...['swegen', 'mine', '--repo', `acme/calc=${repo.dir}`, '--out', out],
        ...['--cache', join(dir, 'cache'), '--json', ...more],
      );
    await mine('--max-commits', '5');
    await expect(mine('--max-commits', '3')).rejects.toMatchObject({
      code: 'config_changed',
      message: expect.stringContaining('\n  maxCommits: 5 → 3\n'),
    });
    await mine('--max-commits', '3', '--redo');
    await mine('--max-commits', '3');
  });
});
