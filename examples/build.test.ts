import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { TaskInstance } from '../src/schema/instance.js';
import { buildExamples } from './build.js';

describe('example repositories', () => {
  it('are rebuilt with the same shas and yield valid instances', async () => {
    const first = await buildExamples(await mkdtemp(join(tmpdir(), 'lf-ex-')));
    const second = await buildExamples(await mkdtemp(join(tmpdir(), 'lf-ex-')));
    expect(first.instances.map((i) => i.base_commit)).toEqual(second.instances.map((i) => i.base_commit));
    expect(first.instances.map((i) => i.instance_id)).toEqual([
      'legofactory-examples__mathkit-1',
      'legofactory-examples__mathkit-2',
      'legofactory-examples__mathkit-3',
      'legofactory-examples__textkit-1',
      'legofactory-examples__textkit-2',
    ]);
    for (const instance of first.instances) {
      expect(TaskInstance.parse(instance)).toBeTruthy();
      expect(instance.patch).toContain('diff --git a/src/');
      expect(instance.test_patch).toMatch(/diff --git a\/tests?\//);
    }
    const log = await execa('git', ['log', '--oneline'], { cwd: first.repos[0]!.path });
    expect(log.stdout.split('\n')).toHaveLength(5);
  });
});
