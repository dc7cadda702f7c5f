import { finished } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import Docker from 'dockerode';
import { ensureBaseImage } from '../src/env/base-image.js';
import { ensureDaemon } from '../src/sandbox/docker-daemon.js';
import type { DockerSandbox } from '../src/sandbox/docker.js';
import { dockerProvider } from '../src/sandbox/docker.js';
import { localProvider } from '../src/sandbox/local.js';
import type { Sandbox } from '../src/sandbox/sandbox.js';
import { makeTestRepo, removeTestRepo } from '../src/sandbox/test-repo.js';
import { median } from './median.js';

/** Median latencies of `exec("true")` in milliseconds. */
export interface SandboxExecFigures {
  runs: number;
  docker?: { sandboxMs: number; rawMs: number; ratio: number };
  dockerSkipped?: string;
  localBwrapMs: number;
  localPlainMs: number;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

/** A plain dockerode exec of `true`: create, start, read the stream to its end, inspect the exit code. */
async function rawExec(container: Docker.Container): Promise<void> {
  const exec = await container.exec({ Cmd: ['true'], AttachStdout: true, AttachStderr: true });
  const stream = await exec.start({ hijack: true, stdin: false });
  stream.resume();
  await finished(stream).catch(() => undefined);
  await exec.inspect();
}

async function localMedian(repo: string, bubblewrap: 'auto' | 'off', runs: number): Promise<number> {
  const sandbox = await localProvider({ bubblewrap }).create({ repoDir: repo });
  try {
    for (let i = 0; i < 10; i += 1) await sandbox.exec('true');
    const times: number[] = [];
    for (let i = 0; i < runs; i += 1) times.push(await timed(() => sandbox.exec('true')));
    return median(times);
  } finally {
    await sandbox.close();
  }
}

/** Sandbox exec against raw exec in the same container, interleaved so drift hits both alike. */
async function dockerMedians(repo: string, runs: number): Promise<SandboxExecFigures['docker']> {
  const docker = new Docker();
  await ensureDaemon(docker);
  const provider = dockerProvider({ docker, runId: 'bench' });
  const sandbox: Sandbox = await provider.create({ repoDir: repo, image: await ensureBaseImage(docker) });
  const { container } = sandbox as DockerSandbox;
  try {
    for (let i = 0; i < 10; i += 1) await Promise.all([sandbox.exec('true'), rawExec(container)]);
    const ours: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      ours.push(await timed(() => sandbox.exec('true')));
      raw.push(await timed(() => rawExec(container)));
    }
    const sandboxMs = median(ours);
    const rawMs = median(raw);
    return { sandboxMs, rawMs, ratio: sandboxMs / rawMs };
  } finally {
    await provider.closeAll();
  }
}

/** Measures the median latency of `exec("true")` for the docker (vs raw dockerode) and local providers. */
export async function benchSandboxExec(runs = 200): Promise<SandboxExecFigures> {
  const repo = await makeTestRepo();
  try {
    const figures: SandboxExecFigures = {
      runs,
      localBwrapMs: await localMedian(repo, 'auto', runs),
      localPlainMs: await localMedian(repo, 'off', runs),
    };
    try {
      figures.docker = await dockerMedians(repo, runs);
    } catch (err) {
      figures.dockerSkipped = err instanceof Error ? err.message : String(err);
    }
    return figures;
  } finally {
    await removeTestRepo(repo);
  }
}

/** The figures as one block of text. */
export function formatSandboxExec(figures: SandboxExecFigures): string {
  const ms = (value: number): string => `${value.toFixed(1)} ms`;
  const verdict = (ok: boolean): string => (ok ? 'ok' : 'MISSED');
  const { docker } = figures;
  const dockerLine = docker
    ? `sandbox-exec docker: ${ms(docker.sandboxMs)} vs raw ${ms(docker.rawMs)} = ${docker.ratio.toFixed(2)}x ` +
      `(goal <= 1.2x) ${verdict(docker.ratio <= 1.2)}`
    : `sandbox-exec docker: not measured (${figures.dockerSkipped ?? 'unknown reason'})`;
  return [
    `sandbox-exec: median of ${figures.runs} runs of exec("true")`,
    dockerLine,
    `sandbox-exec local (bubblewrap): ${ms(figures.localBwrapMs)} (goal <= 15 ms) ${verdict(figures.localBwrapMs <= 15)}`,
    `sandbox-exec local (no bubblewrap): ${ms(figures.localPlainMs)}`,
  ].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const runs = Number(process.argv[2] ?? 200);
  console.log(formatSandboxExec(await benchSandboxExec(runs)));
}
