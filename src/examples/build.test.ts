import { mkdtemp, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { TaskInstance } from '../schema/instance.js';
import { buildExamples, buildExamplesCached, examplesKey } from './build.js';

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

  it('are built once into the cache, by concurrent callers too, and reused after', async () => {
    const cache = await mkdtemp(join(tmpdir(), 'lf-ex-cache-'));
    const [a, b] = await Promise.all([buildExamplesCached(cache), buildExamplesCached(cache)]);
    const dir = join(cache, 'examples', examplesKey());
    expect(await readdir(join(cache, 'examples'))).toEqual([examplesKey()]);
    expect(a).toEqual(b);
    expect(a.instancesPath).toBe(join(dir, 'instances.jsonl'));
    expect(a.repos.map((r) => r.path)).toEqual([
      join(dir, 'legofactory-examples__mathkit'),
      join(dir, 'legofactory-examples__textkit'),
    ]);
    const built = (await stat(a.instancesPath)).mtimeMs;
    const again = await buildExamplesCached(cache);
    expect(again).toEqual(a);
    expect((await stat(again.instancesPath)).mtimeMs).toBe(built);
    const fresh = await buildExamples(await mkdtemp(join(tmpdir(), 'lf-ex-')));
    expect(a.instances).toEqual(fresh.instances);
    const log = await execa('git', ['log', '--oneline'], { cwd: a.repos[1]!.path });
    expect(log.stdout.split('\n').length).toBeGreaterThan(1);
  });
});
