import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { expect } from 'vitest';
import { buildExamples } from '../../examples/build.js';
import { hostPipIndexes } from '../../env/pip-options.js';
import type { TaskInstance } from '../../schema/instance.js';
import { TaskSandboxes } from '../../tasks/task-sandboxes.js';
import { writeFiles } from '../fixture-repo.js';
import { judge, type Judgement } from '../run.js';

/** Test helper: the example repositories and a way to judge a forged patch against one of their instances. */

/** One attempt to get a patch graded resolved without fixing the bug. */
export interface ForgeryCase {
  name: string;
  /** Example instance id suffix, e.g. `mathkit-1`. */
  instance: string;
  /** Files the patch writes (path → content; null deletes), relative to the repository root. */
  files:
    | Record<string, string | null>
    | ((base: (path: string) => Promise<string>) => Promise<Record<string, string | null>>);
  /** The test-infrastructure paths the judge must report for the patch (none when absent). */
  infra?: string[];
  /**
   * The outcome accepted: a status (never `resolved`) with its message, or `flagged`: resolved only
   * because it changed the test infrastructure it reports, and not resolved once that is reverted.
   * `either` is for an attack that races the judge: whichever side wins, it is not resolved.
   */
  /** The tests' time limit (120 s by default), for an attempt expected to hang its runner. */
  timeoutMs?: number;
  expect:
    | { status: 'invalid' | 'unresolved' | 'timeout'; message?: RegExp }
    | { either: { invalid: RegExp } }
    | { flagged: true };
}

interface JudgeOptions {
  protectTestInfra?: boolean;
  timeoutMs?: number;
}

/** Environments are cached across test files, as the trajgen tests cache them. */
const cacheDir = join(tmpdir(), 'lf-trajgen-test-cache');

export interface ForgeryFixture {
  /** The example instances and where their repositories are. */
  instances: TaskInstance[];
  repos: Record<string, string>;
  sandboxes: TaskSandboxes;
  instance(suffix: string): TaskInstance;
  /** The forged patch against its instance's base commit. */
  patch(forgery: ForgeryCase): Promise<string>;
  judge(forgery: ForgeryCase, options?: JudgeOptions): Promise<Judgement>;
  /** Judges a patch as it is (the gold one, an empty one) against the instance ending in `suffix`. */
  judgePatch(suffix: string, patch: string, options?: JudgeOptions): Promise<Judgement>;
  close(): Promise<void>;
}

/** Builds repositories with their instances into a directory (the examples by default). */
export type RepoBuilder = (
  outDir: string,
) => Promise<{ repos: { repo: string; path: string }[]; instances: TaskInstance[] }>;

/** Builds the repositories and opens a fresh local sandbox (bubblewrap when it works) per judged attempt. */
export async function forgeryFixture(build: RepoBuilder = buildExamples): Promise<ForgeryFixture> {
  const root = await mkdtemp(join(tmpdir(), 'lf-forgery-'));
  const examples = await build(join(root, 'examples'));
  const repos = Object.fromEntries(examples.repos.map((r) => [r.repo, r.path]));
  const pip = await hostPipIndexes();
  const sandboxes = new TaskSandboxes({
    provider: 'local',
    cacheDir,
    repos,
    envOverrides: {},
    runId: 'forgery-test',
    ...(pip ? { pip } : {}),
  });
  let scratches = 0;
  const patchOf = async (instance: TaskInstance, forgery: ForgeryCase): Promise<string> => {
    const scratch = join(root, `scratch-${++scratches}`);
    await execa('git', ['clone', '-q', repos[instance.repo]!, scratch]);
    await execa('git', ['checkout', '-q', instance.base_commit], { cwd: scratch });
    const base = (path: string) =>
      execa('git', ['show', `HEAD:${path}`], { cwd: scratch, stripFinalNewline: false }).then(
        (r) => r.stdout,
      );
    const files = typeof forgery.files === 'function' ? await forgery.files(base) : forgery.files;
    await writeFiles(scratch, files);
    await execa('git', ['add', '-A'], { cwd: scratch });
    const diff = await execa('git', ['diff', '--cached', '--binary', 'HEAD'], { cwd: scratch });
    return `${diff.stdout}\n`;
  };
  const instanceOf = (suffix: string) =>
    examples.instances.find((i) => i.instance_id.endsWith(`__${suffix}`))!;
  const judgePatch: ForgeryFixture['judgePatch'] = async (suffix, patch, options = {}) => {
    const instance = instanceOf(suffix);
    const task = await sandboxes.open(instance);
    try {
      return await judge({
        sandbox: task.sandbox,
        instance,
        spec: task.spec,
        patch,
        ...options,
        timeoutMs: options.timeoutMs ?? 120_000,
      });
    } finally {
      await task.close();
    }
  };
  return {
    instances: examples.instances,
    repos,
    sandboxes,
    instance: instanceOf,
    patch: (forgery) => patchOf(instanceOf(forgery.instance), forgery),
    async judge(forgery, options = {}) {
      const patch = await patchOf(instanceOf(forgery.instance), forgery);
      return judgePatch(forgery.instance, patch, { timeoutMs: forgery.timeoutMs, ...options });
    },
    judgePatch,
    async close() {
      await sandboxes.closeAll();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/**
 * Judges a forged patch and asserts its expected outcome; a `flagged` one must list its infra paths and
 * end unresolved once they are reverted.
 */
export async function expectDefeated(fixture: ForgeryFixture, forgery: ForgeryCase): Promise<void> {
  const judgement = await fixture.judge(forgery);
  const seen = { status: judgement.status, message: judgement.message, infra: judgement.touches_test_infra };
  expect(seen.infra, JSON.stringify(seen)).toEqual(forgery.infra ?? []);
  if ('flagged' in forgery.expect) {
    expect(seen.infra.length, JSON.stringify(seen)).toBeGreaterThan(0);
    const protectedRun = await fixture.judge(forgery, { protectTestInfra: true });
    expect(protectedRun).toMatchObject({ status: 'unresolved', resolved: false });
    expect(protectedRun.touches_test_infra).toEqual(forgery.infra);
    return;
  }
  if ('either' in forgery.expect) {
    expect(['invalid', 'unresolved'], JSON.stringify(seen)).toContain(seen.status);
    if (seen.status === 'invalid') expect(seen.message).toMatch(forgery.expect.either.invalid);
    expect(judgement.resolved).toBe(false);
    return;
  }
  expect(seen.status, JSON.stringify(seen)).toBe(forgery.expect.status);
  expect(judgement.resolved).toBe(false);
  if (forgery.expect.message) expect(seen.message).toMatch(forgery.expect.message);
}
