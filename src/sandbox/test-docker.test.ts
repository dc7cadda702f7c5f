import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { dockerForTests } from './test-docker.js';

const noDaemon = () => new Docker({ socketPath: '/nonexistent/docker.sock' });

describe('dockerForTests', () => {
  it('skips (false) without a daemon on a developer machine', async () => {
    expect(await dockerForTests('x.test.ts', {}, noDaemon())).toBe(false);
    expect(await dockerForTests('x.test.ts', { CI: 'false' }, noDaemon())).toBe(false);
  });

  it('fails without a daemon under CI=true, naming the file', async () => {
    await expect(dockerForTests('x.test.ts', { CI: 'true' }, noDaemon())).rejects.toMatchObject({
      code: 'sandbox_unavailable',
      message: expect.stringMatching(/^x\.test\.ts: CI=true and no Docker daemon answers/),
    });
  });
});
