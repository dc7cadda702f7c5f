import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptedServer, type ScriptedServer } from '../../llm/scripted-server.js';
import { Trajectory } from '../../schema/trajectory.js';
import { runTrajgen } from './run-trajgen.js';
import { callReply } from './scripted-agents.js';
import { trajgenFixture, type TrajgenFixture } from './test-fixture.js';

const childScript = fileURLToPath(new URL('./kill-resume.child.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

let fixture: TrajgenFixture;
let server: ScriptedServer;
beforeAll(async () => {
  fixture = await trajgenFixture();
  server = await startScriptedServer({
    latencyMs: 150,
    agents: {
      steady: ({ request, turn }) =>
        callReply(
          request,
          turn < 3
            ? { name: 'execute_bash', args: { command: `echo ${turn}` } }
            : { name: 'finish', args: { message: 'ok' } },
          turn,
        ),
    },
  });
});
afterAll(() => server?.close());

function lines(path: string): string[] {
  try {
    return readFileSync(path, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

describe('trajgen resume', () => {
  it('after kill -9, a rerun skips the finished (instance, sample) pairs and completes the rest exactly once', async () => {
    const outDir = join(fixture.root, 'resume');
    const options = await fixture.options({
      outDir,
      instancesPath: await fixture.instancesFile('mathkit-1', 'mathkit-2'),
      baseUrl: server.url,
      model: 'steady',
      k: 3,
      concurrency: 2,
    });
    const output = join(outDir, 'trajectories.jsonl');
    const child = spawn('npx', ['tsx', childScript, JSON.stringify(options)], {
      cwd: repoRoot,
      detached: true,
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    for (let waited = 0; lines(output).length < 2; waited += 50) {
      if (waited > 120_000) throw new Error('the child wrote no trajectories');
      await sleep(50);
    }
    process.kill(-child.pid!, 'SIGKILL');
    await exited;
    const before = lines(output).length;
    expect(before).toBeGreaterThanOrEqual(2);
    expect(before).toBeLessThan(6);

    const resumed = await runTrajgen(options);
    expect(resumed.run).toMatchObject({ skipped: before, done: 6 - before, failed: 0 });
    const ids = lines(output).map((line) => Trajectory.parse(JSON.parse(line)).trajectory_id);
    expect(ids.sort()).toEqual([
      'legofactory-examples__mathkit-1#0',
      'legofactory-examples__mathkit-1#1',
      'legofactory-examples__mathkit-1#2',
      'legofactory-examples__mathkit-2#0',
      'legofactory-examples__mathkit-2#1',
      'legofactory-examples__mathkit-2#2',
    ]);
  });
});
