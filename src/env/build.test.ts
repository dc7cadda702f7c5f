import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LegoError } from '../errors.js';
import { makeRepo, tempDir } from '../repos/test-repo.js';
import { EnvSpec, envSpecId } from '../schema/env.js';
import { buildEnvImage, dockerPaths, withBaseImage, type DockerBuildOptions } from './build.js';
import { imageExists } from './base-image.js';
import { buildLogPath } from './build-log.js';
import { detectEnv } from './detect/index.js';
import { envRuntime } from './runtime.js';
import { testPipOptions, tinyMochaRepo, tinyPythonRepo } from './test-fixtures.js';
import { dockerForTests } from '../sandbox/test-docker.js';

const docker = new Docker();
const dockerUp = await dockerForTests('env/build.test.ts', undefined, docker);
/** The debootstrap minbase that the default base image is built from: no git, patch or python. */
const MINBASE = 'legofactory/minbase:bookworm';
const minbaseUp = dockerUp && (await imageExists(docker, MINBASE));
const salt = `docker-${Date.now()}`;
const madeImages: string[] = [];
let root: string;
let options: DockerBuildOptions;

beforeAll(async () => {
  root = await tempDir('lf-docker-env-test-');
  options = { cacheDir: join(root, 'cache'), pip: await testPipOptions() };
});
afterAll(async () => {
  for (const tag of madeImages)
    await docker
      .getImage(tag)
      .remove({ force: true })
      .catch(() => undefined);
  await rm(root, { recursive: true, force: true });
});

/** The text of a non-TTY container log: frames of an 8-byte header and a payload. */
function demux(buffer: Buffer): string {
  const parts: Buffer[] = [];
  for (let offset = 0; offset + 8 <= buffer.length; offset += 8 + buffer.readUInt32BE(offset + 4)) {
    parts.push(buffer.subarray(offset + 8, offset + 8 + buffer.readUInt32BE(offset + 4)));
  }
  return Buffer.concat(parts).toString('utf8');
}

/** Runs `command` with the environment's runtime in a throwaway container of `image`; exit code and output. */
async function runIn(image: string, spec: EnvSpec, command: string) {
  const { env } = envRuntime(spec, dockerPaths.depsDir, dockerPaths.repoDir);
  const container = await docker.createContainer({
    Image: image,
    Cmd: ['bash', '-c', command],
    Env: Object.entries(env).map(([key, value]) => `${key}=${value}`),
    HostConfig: { NetworkMode: 'none' },
  });
  try {
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    const logs = await container.logs({ stdout: true, stderr: true });
    return { exitCode: StatusCode, output: demux(logs) };
  } finally {
    await container.remove({ force: true });
  }
}

async function build(spec: EnvSpec, repo: string) {
  const tag = await buildEnvImage(docker, spec, repo, options);
  madeImages.push(tag);
  return tag;
}

const buildCount = async (spec: EnvSpec) => {
  const id = envSpecId(await withBaseImage(docker, spec, options));
  return (
    (await readFile(buildLogPath(options.cacheDir, id, 'docker'), 'utf8')).match(/^== building/gm) ?? []
  ).length;
};

describe.skipIf(!dockerUp)('buildEnvImage (docker)', () => {
  it('builds a Python image whose venv runs pytest, once for concurrent callers, then reuses it', async () => {
    const repo = join(root, 'py');
    await makeRepo(repo, tinyPythonRepo(salt));
    const spec = await detectEnv(repo);
    const [tag, again] = await Promise.all([build(spec, repo), build(spec, repo)]);
    const built = await withBaseImage(docker, spec, options);
    expect(tag).toBe(`legofactory/env:${envSpecId(built)}`);
    expect(again).toBe(tag);
    expect(await buildCount(spec)).toBe(1);
    const version = await runIn(tag, spec, 'python -m pytest --version && ls /opt/lf-env && ls /tmp');
    expect(version).toEqual({
      exitCode: 0,
      output: expect.stringMatching(/^pytest \d+\.\d+\.\d+\npyproject.toml\nvenv\n$/),
    });
    const { Id, Config } = await docker.getImage(tag).inspect();
    expect(Config.Labels).toMatchObject({
      'legofactory.role': 'env',
      'legofactory.env.spec_id': envSpecId(built),
    });
    const started = Date.now();
    expect(await build(spec, repo)).toBe(tag);
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await docker.getImage(tag).inspect()).Id).toBe(Id);
    expect(await buildCount(spec)).toBe(1);
  });

  it('builds a node image with npm install over the default bridge', async () => {
    const repo = join(root, 'js');
    await makeRepo(repo, tinyMochaRepo(salt));
    const spec = await detectEnv(repo);
    const tag = await build(spec, repo);
    const result = await runIn(
      tag,
      spec,
      'mocha --version && test -d /opt/lf-env/node_modules/mocha && echo ok',
    );
    expect(result).toEqual({ exitCode: 0, output: '11.7.1\nok\n' });
  });

  it.skipIf(!minbaseUp)('installs git, patch and python3-venv with apt into a bare Debian base', async () => {
    const repo = join(root, 'bare-base');
    await makeRepo(repo, { 'requirements.txt': `# ${salt}\n` });
    const spec = { ...(await detectEnv(repo)), base_image: MINBASE };
    const tag = await build(spec, repo);
    const result = await runIn(
      tag,
      spec,
      'git --version && patch --version | head -1 && python -m pytest --version',
    );
    expect(result).toEqual({
      exitCode: 0,
      output: expect.stringMatching(
        /^git version 2\.\d+\.\d+\nGNU patch 2\.\d+\.\d+\npytest \d+\.\d+\.\d+\n$/,
      ),
    });
  });

  it('fails with env_build_failed carrying the log tail and path, and leaves no image', async () => {
    const repo = join(root, 'failing');
    await makeRepo(repo, { 'README.md': 'x\n' });
    const spec = EnvSpec.parse({
      language: 'python',
      install: [`echo "marker-${salt}"`, 'exit 3'],
      test_cmd: 'true',
      log_parser: 'pytest',
    });
    const error = await build(spec, repo).catch((err: unknown) => err);
    const built = await withBaseImage(docker, spec, options);
    const logPath = buildLogPath(options.cacheDir, envSpecId(built), 'docker');
    expect(error).toBeInstanceOf(LegoError);
    expect(error).toMatchObject({ code: 'env_build_failed' });
    expect((error as Error).message).toContain(
      `legofactory/env:${envSpecId(built)} failed at running the install commands (exit 3)`,
    );
    expect((error as Error).message).toContain(
      `\n+ echo marker-${salt}\nmarker-${salt}\n+ exit 3\n(full log: ${logPath})`,
    );
    await expect(docker.getImage(`legofactory/env:${envSpecId(built)}`).inspect()).rejects.toThrow();
    const leftovers = await docker.listContainers({
      all: true,
      filters: { label: ['legofactory.role=env-build', `legofactory.env.spec_id=${envSpecId(built)}`] },
    });
    expect(leftovers).toEqual([]);
  });
});
