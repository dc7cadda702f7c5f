import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPromptTemplates } from '../../agent/template.js';
import type { Trajectory } from '../../schema/trajectory.js';
import { loadVerifierPrompt, verifierMessages } from '../verifier/formats/index.js';
import { buildSftDatasets } from './build.js';
import { testTrajectory, type TestStep } from './test-trajectories.js';

const steps: TestStep[] = [
  { tool: 'execute_bash', args: { command: 'cat calc.py' }, observation: `${'x'.repeat(700)}\r\nend` },
  { tool: 'finish', args: { message: 'done' }, observation: 'Finished.' },
];
const trajectories: Trajectory[] = [
  testTrajectory({ id: 'yes', format: 'native', steps, patch: 'P1' }),
  testTrajectory({ id: 'no', format: 'native', steps, patch: 'P2', resolved: false }),
];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lf-sft-verifier-'));
  await writeFile(
    join(dir, 'trajectories.jsonl'),
    trajectories.map((t) => `${JSON.stringify(t)}\n`).join(''),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Row = { messages: { role: string; content: string }[] };

describe('sft build --verifier --verifier-format swe-lego', () => {
  it('writes rows whose prompt is the one verifier score sends, answered <judgement>YES</judgement> or NO', async () => {
    const outDir = join(dir, 'swe-lego');
    const { stats } = await buildSftDatasets({
      trajectories: [join(dir, 'trajectories.jsonl')],
      outDir,
      verifier: true,
      verifierFormat: 'swe-lego',
      verifierBalance: 'none',
      functionList: 'openhands',
      crlf: 'normalize',
      workers: 1,
    });
    expect(stats.verifier).toMatchObject({ yes: 1, no: 1 });
    const rows = (await readFile(join(outDir, 'verifier.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Row);
    const textFunctions = (await loadPromptTemplates()).textFunctions;
    const prompt = loadVerifierPrompt({
      format: 'swe-lego',
      textFormat: { textFunctions, functionList: 'openhands', crlf: 'normalize' },
    });
    const expected = (t: Trajectory, answer: string) => [
      ...verifierMessages('swe-lego', t, prompt).map(({ role, content }) => ({ role, content })),
      { role: 'assistant', content: answer },
    ];
    expect(rows.map((r) => r.messages.map(({ role, content }) => ({ role, content })))).toEqual([
      expected(trajectories[0]!, '<judgement>YES</judgement>'),
      expected(trajectories[1]!, '<judgement>NO</judgement>'),
    ]);
    const log = rows[0]!.messages[1]!.content;
    expect(log).toContain(`EXECUTION RESULT of [execute_bash]:\n${'x'.repeat(700)}\nend\n[/USER]`);
    expect(log).toContain('---- BEGIN FUNCTION #1: execute_bash ----');
    expect(log).toMatch(/\[PATCH\]\nP1\n\[\/PATCH\]/);
  });
});
