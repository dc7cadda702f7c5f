import { describe, expect, it } from 'vitest';
import { runCli } from './test-cli.js';

describe('legofactory schema', () => {
  it('publishes the TaskInstance record as JSON Schema', async () => {
    const schema = JSON.parse(await runCli('schema', 'instance'));
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(
      expect.arrayContaining(['instance_id', 'repo', 'base_commit', 'patch', 'test_patch', 'FAIL_TO_PASS']),
    );
    expect(Object.keys(schema.properties)).toContain('environment_setup_commit');
  });

  it('names the choices for an unknown record', async () => {
    await expect(runCli('schema', 'nope')).rejects.toThrow(/choose one of: instance, env, prediction/);
  });
});
