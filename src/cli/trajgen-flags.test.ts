import { describe, expect, it } from 'vitest';
import { rolloutOptions, type RolloutFlags } from './trajgen-flags.js';

const flags = {
  instances: 'i.jsonl',
  out: 'out',
  policy: 'model',
  repo: {},
  env: {},
  timeout: 60,
} as unknown as RolloutFlags;
const signal = new AbortController().signal;

describe('rollout options: the API key variable', () => {
  it('takes the key from the variable LEGOFACTORY_API_KEY_ENV names when --api-key-env is not given, and keeps it secret', async () => {
    const env = { LEGOFACTORY_API_KEY_ENV: 'LF_KEY', LF_KEY: 'sk-from-env-var' };
    expect(await rolloutOptions(flags, env, signal)).toMatchObject({
      apiKey: 'sk-from-env-var',
      secretNames: ['LF_KEY'],
    });
  });

  it('prefers --api-key-env, and has no key and no secret names without either', async () => {
    const env = { LEGOFACTORY_API_KEY_ENV: 'LF_KEY', LF_KEY: 'sk-a', LF_OTHER: 'sk-b' };
    const chosen = await rolloutOptions({ ...flags, apiKeyEnv: 'LF_OTHER' }, env, signal);
    expect(chosen).toMatchObject({ apiKey: 'sk-b', secretNames: ['LF_OTHER'] });
    const none = await rolloutOptions(flags, {}, signal);
    expect(none.apiKey).toBeUndefined();
    expect(none.secretNames).toEqual([]);
  });

  it('refuses an empty key variable', async () => {
    await expect(rolloutOptions(flags, { LEGOFACTORY_API_KEY_ENV: 'LF_NONE' }, signal)).rejects.toMatchObject(
      {
        code: 'bad_input',
      },
    );
  });
});
