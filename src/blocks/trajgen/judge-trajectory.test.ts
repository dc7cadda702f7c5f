import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgeryFixture, type ForgeryFixture } from '../../harness/forgery/fixture.js';
import { pytestForgeries } from '../../harness/forgery/pytest.case.js';
import type { TrajgenConfig } from './config.js';
import { judgeTrajectory } from './judge-trajectory.js';

let fixture: ForgeryFixture;
beforeAll(async () => {
  fixture = await forgeryFixture();
}, 600_000);
afterAll(() => fixture.close());

const hookwrapper = pytestForgeries.find((f) => f.name.startsWith('conftest hookwrapper'))!;

describe('judgeTrajectory', () => {
  it.each([
    [false, 'resolved'],
    [true, 'unresolved'],
  ])(
    'with protectTestInfra %s, a conftest forging outcomes is %s and flagged',
    async (protect, status) => {
      const config = {
        scope: 'test_files',
        testTimeoutMs: 120_000,
        protectTestInfra: protect,
      } as TrajgenConfig;
      const logPath = join(await mkdtemp(join(tmpdir(), 'lf-judge-trajectory-')), 'test_output.txt');
      const judgement = await judgeTrajectory(
        fixture.sandboxes,
        fixture.instance(hookwrapper.instance),
        await fixture.patch(hookwrapper),
        config,
        logPath,
        (text) => text,
      );
      expect(judgement).toMatchObject({ status, touches_test_infra: ['conftest.py'] });
    },
    300_000,
  );
});
