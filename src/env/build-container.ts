import type { Writable } from 'node:stream';
import type Docker from 'dockerode';
import { LegoError } from '../errors.js';
import { envSpecId, type EnvSpec, type Language } from '../schema/env.js';
import { canonicalJson } from '../json.js';

/** A spec whose base image is decided. */
export type BuildableSpec = EnvSpec & { base_image: string };

/** Where the dependencies live inside environment images. */
export const DEPS_DIR = '/opt/lf-env';

const TOOLS_SCRIPT: Record<Language, string> = {
  python: `python3 -c 'import ensurepip, venv' 2>/dev/null || missing="$missing python3 python3-venv"`,
  javascript: 'command -v npm >/dev/null || missing="$missing nodejs npm"',
};

/** A script that installs git, patch and the language's runtime with apt when the image lacks them. */
export function toolsScript(language: Language): string {
  return [
    'missing=""',
    'command -v git >/dev/null || missing="$missing git"',
    'command -v patch >/dev/null || missing="$missing patch"',
    TOOLS_SCRIPT[language],
    '[ -z "$missing" ] && exit 0',
    'echo "installing$missing with apt-get"',
    'export DEBIAN_FRONTEND=noninteractive',
    'apt-get update -qq',
    'apt-get install -y -qq --no-install-recommends ca-certificates $missing',
    'rm -rf /var/lib/apt/lists/*',
  ].join('\n');
}

/**
 * Runs a bash script in a running container with its output appended to `log`; resolves with the exit
 * code (124 when it ran past `timeoutMs`).
 */
export async function execScript(
  container: Docker.Container,
  script: string,
  env: Record<string, string>,
  log: Writable,
  timeoutMs: number,
): Promise<number> {
  const seconds = String(Math.ceil(timeoutMs / 1000));
  const exec = await container.exec({
    Cmd: ['timeout', '--kill-after=10', seconds, 'bash', '-c', script],
    Env: Object.entries(env).map(([key, value]) => `${key}=${value}`),
    AttachStdout: true,
    AttachStderr: true,
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  await new Promise<void>((resolve, reject) => {
    container.modem.demuxStream(stream, log, log);
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', reject);
  });
  const { ExitCode } = await exec.inspect();
  return ExitCode ?? -1;
}

/**
 * Starts a container from the spec's base image with network on (installs need it), the given bind
 * mounts (`host:container:ro`), and labels naming the spec.
 */
export async function createBuildContainer(
  docker: Docker,
  spec: BuildableSpec,
  binds: string[],
): Promise<Docker.Container> {
  const hiding = binds.find((bind) => {
    const target = bind.split(':')[1] ?? '';
    return target === '/' || DEPS_DIR.startsWith(`${target}/`);
  });
  if (hiding) throw new LegoError('bad_input', `the mount ${hiding} would hide ${DEPS_DIR}`);
  const container = await docker.createContainer({
    Image: spec.base_image,
    Cmd: ['sleep', 'infinity'],
    Labels: {
      'legofactory.role': 'env-build',
      'legofactory.env.spec_id': envSpecId(spec),
      'legofactory.env.language': spec.language,
      'legofactory.env.spec': canonicalJson(spec),
    },
    HostConfig: { Binds: binds, NetworkMode: 'bridge' },
  });
  await container.start();
  return container;
}

/** Commits the container as `tag`, marked as an environment image with bash as its command. */
export async function commitImage(container: Docker.Container, tag: string): Promise<void> {
  const [repo, version] = tag.split(':') as [string, string];
  await container.commit({ repo, tag: version, changes: ['LABEL legofactory.role=env', 'CMD ["bash"]'] });
}
