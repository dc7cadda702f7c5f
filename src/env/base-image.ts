import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { execa } from 'execa';
import { LegoError } from '../errors.js';
import type { EnvSpec } from '../schema/env.js';
import { registryImageFor } from './detect/runtime.js';

/** How the default base image is made when no registry image is configured: Debian via debootstrap. */
export interface BaseImageRecipe {
  suite: string;
  mirror: string;
  packages: string[];
}

export const defaultBaseRecipe: BaseImageRecipe = {
  suite: 'bookworm',
  mirror: 'http://deb.debian.org/debian',
  packages: [
    'ca-certificates',
    'git',
    'patch',
    'procps',
    'python3',
    'python3-venv',
    'python3-pip',
    'nodejs',
    'npm',
  ],
};

/** The image tag for a recipe: the mirror is left out, since any mirror yields the same packages. */
export function baseImageTag(recipe: BaseImageRecipe = defaultBaseRecipe): string {
  const hash = createHash('sha256')
    .update(JSON.stringify({ suite: recipe.suite, packages: [...recipe.packages].sort() }))
    .digest('hex')
    .slice(0, 12);
  return `legofactory/base:${recipe.suite}-${hash}`;
}

export async function imageExists(docker: Docker, tag: string): Promise<boolean> {
  try {
    await docker.getImage(tag).inspect();
    return true;
  } catch {
    return false;
  }
}

function buildFailed(step: string, err: unknown): LegoError {
  const detail = err instanceof Error ? err.message : String(err);
  return new LegoError(
    'env_build_failed',
    `building the Debian base image failed at ${step}: ${detail.slice(-2000)}\n` +
      'It needs root, the debootstrap package and a reachable Debian mirror; or pass --base-image IMAGE.',
    { cause: err },
  );
}

async function importMinbase(docker: Docker, recipe: BaseImageRecipe, tag: string): Promise<void> {
  const rootfs = await mkdtemp(join(tmpdir(), 'lf-rootfs-'));
  try {
    await execa('debootstrap', ['--variant=minbase', recipe.suite, rootfs, recipe.mirror]).catch((err) => {
      throw buildFailed('debootstrap', err);
    });
    const tar = execa('tar', ['-C', rootfs, '-c', '.'], { buffer: false });
    const [repo, version] = tag.split(':') as [string, string];
    const stream = await docker.importImage(tar.stdout as unknown as string, { repo, tag: version });
    await new Promise<void>((resolve, reject) =>
      docker.modem.followProgress(stream, (err) =>
        err ? reject(buildFailed('docker import', err)) : resolve(),
      ),
    );
    await tar;
  } finally {
    await rm(rootfs, { recursive: true, force: true });
  }
}

async function installPackages(docker: Docker, from: string, tag: string, packages: string[]): Promise<void> {
  const script =
    'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ' +
    `${packages.join(' ')} && rm -rf /var/lib/apt/lists/*`;
  const container = await docker.createContainer({ Image: from, Cmd: ['bash', '-c', script] });
  try {
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    if (StatusCode !== 0) {
      const logs = await container.logs({ stdout: true, stderr: true });
      throw buildFailed('apt-get install', new Error(`exit ${StatusCode}: ${logs.toString('utf8')}`));
    }
    const [repo, version] = tag.split(':') as [string, string];
    await container.commit({ repo, tag: version, changes: ['CMD ["bash"]'] });
  } finally {
    await container.remove({ force: true });
  }
}

/**
 * Returns the tag of the locally built Debian base image: debootstrap's minbase imported into docker,
 * plus the recipe's packages installed with apt. Built only when no image for the recipe exists yet.
 */
export async function ensureBaseImage(
  docker: Docker,
  recipe: BaseImageRecipe = defaultBaseRecipe,
  log: (line: string) => void = () => {},
): Promise<string> {
  const tag = baseImageTag(recipe);
  if (await imageExists(docker, tag)) return tag;
  const minbase = `legofactory/minbase:${recipe.suite}`;
  if (!(await imageExists(docker, minbase))) {
    log(`building ${minbase} with debootstrap (about a minute, once)`);
    await importMinbase(docker, recipe, minbase);
  }
  log(`installing ${recipe.packages.length} packages into ${tag}`);
  await installPackages(docker, minbase, tag, recipe.packages);
  return tag;
}

/** `--base-image registry`: each spec gets its runtime's registry image, `python:X.Y-slim` or `node:N`. */
export const REGISTRY_BASE_IMAGES = 'registry';

/** The spec's own base image, else the configured one (`registry` picks by runtime); undefined: the default. */
export function chooseBaseImage(spec: EnvSpec, configured: string | undefined): string | undefined {
  if (spec.base_image) return spec.base_image;
  if (configured === REGISTRY_BASE_IMAGES) return registryImageFor(spec.language, spec.runtime_version);
  return configured;
}
