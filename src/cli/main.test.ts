import { describe, expect, it, vi } from 'vitest';
import { buildProgram } from './main.js';

async function run(...args: string[]): Promise<string> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
  try {
    await buildProgram()
      .exitOverride()
      .parseAsync(['node', 'legofactory', ...args]);
  } finally {
    spy.mockRestore();
  }
  return lines.join('\n');
}

describe('legofactory schema', () => {
  it('publishes the TaskInstance record as JSON Schema', async () => {
    const schema = JSON.parse(await run('schema', 'instance'));
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(
      expect.arrayContaining(['instance_id', 'repo', 'base_commit', 'patch', 'test_patch', 'FAIL_TO_PASS']),
    );
    expect(Object.keys(schema.properties)).toContain('environment_setup_commit');
  });

  it('names the choices for an unknown record', async () => {
    await expect(run('schema', 'nope')).rejects.toThrow(/choose one of: instance, env, prediction/);
  });
});
