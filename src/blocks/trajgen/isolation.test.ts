import { describe, expect, it } from 'vitest';
import { LegoError } from '../../errors.js';
import { checkIsolation } from './isolation.js';

describe('checkIsolation', () => {
  it('refuses the local sandbox without bubblewrap, saying why, unless --unsafe-local', async () => {
    const missing = async () => false;
    const refusal = await checkIsolation('local', false, missing).catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(LegoError);
    expect((refusal as LegoError).code).toBe('sandbox_unavailable');
    expect((refusal as LegoError).message).toMatch(
      /needs bubblewrap .* would run on this host with its network and files\. Install bubblewrap, use --sandbox docker, or pass --unsafe-local/,
    );
    expect(await checkIsolation('local', true, missing)).toMatch(/^WARNING: .* unconfined/);
    expect(await checkIsolation('local', false, async () => true)).toMatch(/^commands run under bubblewrap/);
    expect(await checkIsolation('docker', false, missing)).toMatch(/docker/);
  });
});
