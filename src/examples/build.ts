import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import type { TaskInstance } from '../schema/instance.js';
import { mathkit } from './repos/mathkit.js';
import { textkit } from './repos/textkit.js';
import type { ExampleRepo } from './repos/types.js';

export const exampleRepos = { mathkit, textkit } as const;

const epoch = Date.UTC(2024, 0, 1) / 1000;

async function git(cwd: string, args: string[], date?: number): Promise<string> {
  const stamp =
    date === undefined ? {} : { GIT_AUTHOR_DATE: `${date} +0000`, GIT_COMMITTER_DATE: `${date} +0000` };
  const env = {
    GIT_AUTHOR_NAME: 'LegoFactory Examples',
    GIT_AUTHOR_EMAIL: 'examples@legofactory.invalid',
    GIT_COMMITTER_NAME: 'LegoFactory Examples',
    GIT_COMMITTER_EMAIL: 'examples@legofactory.invalid',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    ...stamp,
  };
  const { stdout } = await execa('git', args, { cwd, env, stripFinalNewline: true });
  return stdout;
}

async function commitAll(dir: string, example: ExampleRepo): Promise<string[]> {
  const shas: string[] = [];
  for (const [index, commit] of example.commits.entries()) {
    for (const [path, content] of Object.entries(commit.files)) {
      const file = join(dir, path);
      if (content === null) await rm(file, { force: true });
      else {
        await mkdir(dirname(file), { recursive: true });
        await writeFile(file, content);
      }
    }
    const date = epoch + index * 86_400;
    await git(dir, ['add', '-A']);
    await git(dir, ['commit', '-q', '-m', commit.message], date);
    shas.push(await git(dir, ['rev-parse', 'HEAD']));
  }
  return shas;
}

async function diffSplit(dir: string, example: ExampleRepo, base: string, fix: string) {
  const changed = (await git(dir, ['diff', '--name-only', base, fix])).split('\n').filter(Boolean);
  const tests = changed.filter(example.isTestFile);
  const code = changed.filter((path) => !example.isTestFile(path));
  const diff = (paths: string[]) =>
    paths.length === 0 ? Promise.resolve('') : git(dir, ['diff', '--binary', base, fix, '--', ...paths]);
  return { patch: `${await diff(code)}\n`, test_patch: `${await diff(tests)}\n` };
}

/** Builds one example repository under `outDir` and returns its path and hand-checked instances. */
export async function buildExampleRepo(example: ExampleRepo, outDir: string) {
  const dir = join(outDir, example.repo.replace('/', '__'));
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await git(dir, ['init', '-q', '-b', 'main']);
  const shas = await commitAll(dir, example);
  const instances: TaskInstance[] = [];
  for (const [n, task] of example.tasks.entries()) {
    const base = shas[task.fixCommit - 1]!;
    const fix = shas[task.fixCommit]!;
    instances.push({
      instance_id: `${example.repo.replace('/', '__')}-${n + 1}`,
      repo: example.repo,
      base_commit: base,
      ...(await diffSplit(dir, example, base, fix)),
      problem_statement: task.problem_statement,
      hints_text: '',
      created_at: new Date((epoch + task.fixCommit * 86_400) * 1000).toISOString(),
      version: '0.1',
      environment_setup_commit: base,
      FAIL_TO_PASS: task.FAIL_TO_PASS,
      PASS_TO_PASS: task.PASS_TO_PASS,
      source: { kind: 'real', commit: fix },
    });
  }
  return { repo: example.repo, path: dir, instances };
}

/** Builds every example repository and writes `outDir/instances.jsonl`. */
export async function buildExamples(outDir: string) {
  await mkdir(outDir, { recursive: true });
  const built = [];
  for (const example of Object.values(exampleRepos)) built.push(await buildExampleRepo(example, outDir));
  const instancesPath = join(outDir, 'instances.jsonl');
  const instances = built.flatMap((b) => b.instances);
  await writeFile(instancesPath, instances.map((i) => JSON.stringify(i)).join('\n') + '\n');
  return { repos: built.map(({ repo, path }) => ({ repo, path })), instances, instancesPath };
}

/** Bump when buildExamples changes what it writes for the same example content. */
const buildFormat = 1;

/** A name for the examples' content: built copies with the same name are interchangeable. */
export function examplesKey(): string {
  const content = JSON.stringify({ buildFormat, exampleRepos });
  return createHash('sha256').update(content).digest('hex').slice(0, 16);
}

/**
 * The example repositories, built once per content under `<cacheDir>/examples/<key>` and reused after:
 * they are inputs, so they live in the cache, outside the user's checkout. Built in a scratch directory
 * and renamed into place, so concurrent callers never see (or delete) a half-built copy.
 */
export async function buildExamplesCached(
  cacheDir: string,
): Promise<Awaited<ReturnType<typeof buildExamples>>> {
  const parent = join(cacheDir, 'examples');
  const dir = join(parent, examplesKey());
  const read = async () => {
    const instances = (await readFile(join(dir, 'instances.jsonl'), 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as TaskInstance);
    const repos = Object.values(exampleRepos).map((e) => ({
      repo: e.repo,
      path: join(dir, e.repo.replace('/', '__')),
    }));
    return { repos, instances, instancesPath: join(dir, 'instances.jsonl') };
  };
  const ready = await read().catch(() => undefined);
  if (ready) return ready;
  await mkdir(parent, { recursive: true });
  const scratch = await mkdtemp(join(parent, '.building-'));
  try {
    await buildExamples(scratch);
    // The built repositories record no absolute paths, so the scratch copy can move as it is.
    await rename(scratch, dir).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOTEMPTY' && err.code !== 'EEXIST') throw err;
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  return read();
}
