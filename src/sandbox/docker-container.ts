import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type Docker from 'dockerode';
import { LegoError } from '../errors.js';
import { defaultLimits } from './defaults.js';
import { statusOf } from './docker-daemon.js';
import { newSandboxMarker, sandboxMarker } from './markers.js';
import type { SandboxSpec } from './sandbox.js';

/** Where the repository is mounted inside every docker sandbox. */
export const dockerWorkdir = '/testbed';

/** A Docker API failure as `sandbox_failed`; server-side (5xx) failures are retryable. */
export function sandboxFailed(what: string, err: unknown): LegoError {
  if (err instanceof LegoError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  const retryable = (statusOf(err) ?? 500) >= 500;
  return new LegoError('sandbox_failed', `${what}: ${detail}`, { cause: err, retryable });
}

function labelsFor(spec: SandboxSpec, runId: string): Record<string, string> {
  return {
    legofactory: '1',
    'legofactory.run': runId,
    'legofactory.pid': String(process.pid),
    'legofactory.host': hostname(),
    ...spec.labels,
  };
}

/** The create options of a sandbox container: the checkout bound at /testbed, limits, labels. */
export function containerOptions(
  spec: SandboxSpec,
  image: string,
  runId: string,
): Docker.ContainerCreateOptions {
  const limits = { ...defaultLimits, ...spec.limits };
  const memory = Math.round(limits.memoryMb * 1024 * 1024);
  return {
    Image: image,
    Cmd: ['sleep', 'infinity'],
    WorkingDir: dockerWorkdir,
    // Only what the spec names: a container never sees the host's environment.
    Env: Object.entries({ ...spec.env, [sandboxMarker]: newSandboxMarker() }).map(
      ([key, value]) => `${key}=${value}`,
    ),
    Labels: labelsFor(spec, runId),
    HostConfig: {
      Binds: [`${resolve(spec.repoDir)}:${dockerWorkdir}`],
      Init: true,
      NetworkMode: spec.network ? 'bridge' : 'none',
      Memory: memory,
      MemorySwap: memory,
      PidsLimit: limits.pids,
      NanoCpus: Math.round(limits.cpus * 1e9),
    },
  };
}

/** Creates and starts a container; a container that fails to start is removed again. */
export async function startContainer(
  docker: Docker,
  options: Docker.ContainerCreateOptions,
): Promise<Docker.Container> {
  const container = await docker.createContainer(options).catch((err: unknown) => {
    if (statusOf(err) === 404) {
      throw new LegoError(
        'sandbox_failed',
        `image ${options.Image} is not available locally: build or pull it`,
        {
          cause: err,
        },
      );
    }
    throw sandboxFailed(`creating a container from ${options.Image}`, err);
  });
  try {
    await container.start();
    return container;
  } catch (err) {
    await container.remove({ force: true }).catch(() => undefined);
    throw sandboxFailed(`starting a container from ${options.Image}`, err);
  }
}
