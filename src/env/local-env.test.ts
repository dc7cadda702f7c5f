import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LegoError } from '../errors.js';
import { makeRepo, tempDir } from '../repos/test-repo.js';
import { EnvSpec, envSpecId } from '../schema/env.js';
import { buildLogPath } from './build-log.js';
import { detectEnv } from './detect/index.js';
import { ensureLocalEnv, localEnvDir } from './local-env.js';
import { hostPipIndexes, pipEnv, type PipOptions } from './pip-options.js';
import { envRuntime } from './runtime.js';
import { testPipOptions, tinyMochaRepo, tinyPythonRepo } from './test-fixtures.js';

let root: string;
let cache: string;
let pip: PipOptions;
const salt = `local-${Date.now()}`;

beforeAll(async () => {
  root = await tempDir('lf-local-env-test-');
  cache = join(root, 'cache');
  pip = await testPipOptions();
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** Runs the spec's test command in `repo` with the environment, as a local sandbox would. */
async function runTests(spec: EnvSpec, envDir: string, repo: string) {
  const runtime = envRuntime(spec, envDir, repo, process.env.PATH);
  for (const command of runtime.setup) await execa('bash', ['-c', command]);
  const junit = join(root, `junit-${Date.now()}.xml`);
  const command = spec.test_cmd.replace('{junit}', junit).replace('{tests}', '');
  const result = await execa('bash', ['-c', command], {
    cwd: repo,
    env: runtime.env,
    reject: false,
    all: true,
  });
  return {
    exitCode: result.exitCode,
    output: result.all,
    junit: await readFile(junit, 'utf8').catch(() => ''),
  };
}

const headers = async (spec: EnvSpec) =>
  ((await readFile(buildLogPath(cache, envSpecId(spec), 'local'), 'utf8')).match(/^== building/gm) ?? [])
    .length;

describe('ensureLocalEnv', () => {
  it('builds a Python venv once for concurrent callers; the working tree shadows the installed copy', async () => {
    const repo = join(root, 'py');
    await makeRepo(repo, tinyPythonRepo(salt));
    const spec = await detectEnv(repo);
    const dirs = await Promise.all([1, 2].map(() => ensureLocalEnv(spec, repo, cache, { pip })));
    expect(dirs).toEqual([localEnvDir(spec, cache), localEnvDir(spec, cache)]);
    expect((await readdir(dirs[0]!)).sort()).toEqual(['.ready', 'pyproject.toml', 'venv']);
    expect(await headers(spec)).toBe(1);
    const passing = await runTests(spec, dirs[0]!, repo);
    expect(passing.exitCode).toBe(0);
    expect(passing.junit).toContain('tests="1"');
    await writeFile(join(repo, 'src/tinycalc/__init__.py'), 'def add(a, b):\n    return a - b\n');
    expect((await runTests(spec, dirs[0]!, repo)).exitCode).toBe(1);
    expect(await execa('git', ['status', '--porcelain'], { cwd: repo }).then((r) => r.stdout)).toBe(
      ' M src/tinycalc/__init__.py',
    );
  });

  it('builds node_modules with npm, without the package lifecycle scripts, and runs mocha', async () => {
    const repo = join(root, 'js');
    await makeRepo(repo, tinyMochaRepo(salt));
    const spec = await detectEnv(repo);
    const dir = await ensureLocalEnv(spec, repo, cache);
    expect((await readdir(dir)).sort()).toEqual([
      '.ready',
      'node_modules',
      'package-lock.json',
      'package.json',
    ]);
    const result = await runTests(spec, dir, repo);
    expect(result.exitCode).toBe(0);
    expect(result.junit).toContain('tests="1" failures="0" errors="0" skipped="0"');
    expect(await execa('git', ['status', '--porcelain'], { cwd: repo }).then((r) => r.stdout)).toBe('');
  });

  it('reuses a ready environment and rebuilds a half-built one', async () => {
    const repo = join(root, 'half');
    await makeRepo(repo, { 'requirements.txt': `# ${salt}\n` });
    const spec = await detectEnv(repo);
    await mkdir(localEnvDir(spec, cache), { recursive: true });
    await writeFile(join(localEnvDir(spec, cache), 'junk'), 'left by a crash');
    const dir = await ensureLocalEnv(spec, repo, cache, { pip });
    expect((await readdir(dir)).sort()).toEqual(['.ready', 'requirements.txt', 'venv']);
    await ensureLocalEnv(spec, repo, cache, { pip });
    expect(await headers(spec)).toBe(1);
  });

  it('fails with env_build_failed carrying the log tail and path', async () => {
    const repo = join(root, 'failing');
    await makeRepo(repo, { 'README.md': 'x\n' });
    const spec = EnvSpec.parse({
      language: 'python',
      install: [`echo "marker-${salt}"`, 'exit 3'],
      test_cmd: 'true',
      log_parser: 'pytest',
    });
    const error = await ensureLocalEnv(spec, repo, cache).catch((err: unknown) => err);
    const logPath = buildLogPath(cache, envSpecId(spec), 'local');
    expect(error).toBeInstanceOf(LegoError);
    expect(error).toMatchObject({ code: 'env_build_failed', retryable: false });
    expect((error as Error).message).toContain(
      `building the local environment ${localEnvDir(spec, cache)} failed (exit 3)`,
    );
    expect((error as Error).message).toContain(`\nmarker-${salt}\n+ exit 3\n(full log: ${logPath})`);
    await expect(readdir(localEnvDir(spec, cache))).resolves.toEqual([]);
  });

  it("installs with the host's pip indexes when given none, so an unresolvable PyPI is not retried", async () => {
    const repo = join(root, 'host-pip');
    await makeRepo(repo, { 'README.md': 'x\n' });
    const spec = EnvSpec.parse({
      language: 'python',
      install: [`echo "${salt}"`, 'env | grep ^PIP_ | sort > pip.env'],
      test_cmd: 'true',
      log_parser: 'pytest',
    });
    const dir = await ensureLocalEnv(spec, repo, cache);
    const expected = Object.entries(pipEnv(await hostPipIndexes())).map(([key, value]) => `${key}=${value}`);
    const seen = (await readFile(join(dir, 'pip.env'), 'utf8')).split('\n');
    expect(seen).toEqual(expect.arrayContaining(expected));
  });
});
