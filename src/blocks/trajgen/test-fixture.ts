import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExamples } from '../../examples/build.js';
import { hostPipIndexes } from '../../env/pip-options.js';
import type { TaskInstance } from '../../schema/instance.js';
import type { TrajgenRunOptions } from './run-trajgen.js';

/** Environments are cached across test files (builds take a lock), so each is built once per machine. */
export const sharedCacheDir = join(tmpdir(), 'lf-trajgen-test-cache');

/** The example repositories in a temp dir, and rollout options on the local sandbox for them. */
export interface TrajgenFixture {
  root: string;
  instances: TaskInstance[];
  repos: Record<string, string>;
  byId(suffix: string): TaskInstance;
  /** Writes an instances file holding the instances whose ids end with `suffixes`. */
  instancesFile(...suffixes: string[]): Promise<string>;
  options(overrides: Partial<TrajgenRunOptions> & { outDir: string }): Promise<TrajgenRunOptions>;
}

export async function trajgenFixture(): Promise<TrajgenFixture> {
  const root = await mkdtemp(join(tmpdir(), 'lf-trajgen-'));
  const examples = await buildExamples(join(root, 'examples'));
  const repos = Object.fromEntries(examples.repos.map((r) => [r.repo, r.path]));
  const pip = await hostPipIndexes();
  const byId = (suffix: string) => examples.instances.find((i) => i.instance_id.endsWith(suffix))!;
  let files = 0;
  return {
    root,
    instances: examples.instances,
    repos,
    byId,
    async instancesFile(...suffixes) {
      const path = join(root, `instances-${++files}.jsonl`);
      await writeFile(path, suffixes.map((s) => JSON.stringify(byId(s))).join('\n') + '\n');
      return path;
    },
    async options(overrides) {
      return {
        instancesPath: examples.instancesPath,
        policy: 'model',
        k: 1,
        concurrency: 2,
        format: 'native',
        sandbox: 'local',
        testTimeoutMs: 120_000,
        protectTestInfra: true,
        commandTimeoutSec: 20,
        progress: 'off',
        retry: { retries: 1, baseDelayMs: 5, maxDelayMs: 10 },
        tasks: { cacheDir: sharedCacheDir, repos, envOverrides: {}, ...(pip ? { pip } : {}) },
        ...overrides,
      };
    },
  };
}
