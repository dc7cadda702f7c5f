import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe } from 'vitest';
import { execConformance } from './conformance-exec.case.js';
import { filesConformance } from './conformance-files.case.js';
import { isolationConformance } from './conformance-isolation.case.js';
import { spawnConformance } from './conformance-spawn.case.js';
import type { ProviderName } from './index.js';
import type { Sandbox, SandboxSpec } from './sandbox.js';
import { makeTestRepo, removeTestRepo } from './test-repo.js';
import type { TrackingProvider } from './tracking.js';

/** What the shared conformance suite needs to know about one provider. */
export interface ConformanceTarget {
  /** Shown in test titles. */
  name: string;
  provider: () => TrackingProvider;
  /** Completes a spec (repoDir, env, network, labels filled in) for this provider, e.g. with an image. */
  spec: (base: SandboxSpec) => SandboxSpec;
  /** Whether commands run without network by default (false only for a local sandbox without bubblewrap). */
  isolatesNetwork: boolean;
  /** Whether a spawned process has a process namespace of its own (false only for a local sandbox with neither bubblewrap nor unshare). */
  isolatesPids: boolean;
  /** How a separate process (a stand-in for the CLI) makes the same provider: `providers[provider](options)`. */
  owner: { provider: ProviderName; options: Record<string, unknown> };
  /** What cleans up after a killed owner where its processes cannot die with it (`legofactory gc` without namespaces). */
  reapOrphans?: () => Promise<void>;
  /** Asserts that nothing of a closed sandbox remains; `backgroundPid` ran in it (as the sandbox saw it; -1: none). */
  assertClosed: (closed: { sandbox: Sandbox; spec: SandboxSpec; backgroundPid: number }) => Promise<void>;
}

/** Test context shared by the suite's parts: opens sandboxes on fresh test repositories and closes them. */
export interface ConformanceContext {
  target: ConformanceTarget;
  /** Opens a sandbox on a fresh copy of the test repository (with the suite's provider unless given one). */
  open(
    overrides?: Partial<SandboxSpec>,
    provider?: TrackingProvider,
  ): Promise<{ sandbox: Sandbox; spec: SandboxSpec; repo: string }>;
}

/** Declares the conformance tests every sandbox provider must pass. */
export function sandboxConformance(target: ConformanceTarget): void {
  describe(`${target.name} sandbox conformance`, () => {
    const opened: { sandbox: Sandbox; repo: string }[] = [];
    let shared: TrackingProvider;
    beforeAll(() => {
      shared = target.provider();
    });
    afterAll(async () => {
      for (const { sandbox, repo } of opened) {
        await sandbox.close();
        await removeTestRepo(repo);
      }
    });
    const context: ConformanceContext = {
      target,
      async open(overrides = {}, provider = shared) {
        const repo = await makeTestRepo();
        const base: SandboxSpec = {
          repoDir: repo,
          env: { LF_SPEC: 'from-spec', LF_BOTH: 'from-spec' },
          labels: { 'legofactory.test': randomUUID() },
          ...overrides,
        };
        const spec = target.spec(base);
        const sandbox = await provider.create(spec);
        opened.push({ sandbox, repo });
        return { sandbox, spec, repo };
      },
    };
    execConformance(context);
    filesConformance(context);
    spawnConformance(context);
    isolationConformance(context);
  });
}
