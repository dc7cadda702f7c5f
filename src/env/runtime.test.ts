import { mkdir, rm, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitIn, makeRepo, tempDir } from '../repos/test-repo.js';
import { EnvSpec } from '../schema/env.js';
import { DEFAULT_PATH, envRuntime } from './runtime.js';

let root: string;
beforeAll(async () => {
  root = await tempDir('lf-runtime-test-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

const python = EnvSpec.parse({
  language: 'python',
  test_cmd: 'pytest',
  log_parser: 'pytest',
  env: { PYTHONPATH: '{repo}:{repo}/src', PYTHONDONTWRITEBYTECODE: '1' },
});
const node = EnvSpec.parse({ language: 'javascript', test_cmd: 'npx mocha', log_parser: 'mocha' });

describe('envRuntime', () => {
  it('puts the venv first on PATH and expands {repo}', () => {
    expect(envRuntime(python, '/opt/lf-env', '/testbed')).toEqual({
      env: {
        PATH: `/opt/lf-env/venv/bin:${DEFAULT_PATH}`,
        PYTHONPATH: '/testbed:/testbed/src',
        PYTHONDONTWRITEBYTECODE: '1',
        VIRTUAL_ENV: '/opt/lf-env/venv',
      },
      setup: [
        'mkdir -p /testbed/.git/info',
        'grep -qxF __pycache__/ /testbed/.git/info/exclude 2>/dev/null || echo __pycache__/ >> /testbed/.git/info/exclude',
        "grep -qxF '*.py[cod]' /testbed/.git/info/exclude 2>/dev/null || echo '*.py[cod]' >> /testbed/.git/info/exclude",
      ],
    });
  });

  it('puts node_modules/.bin on PATH below a spec PATH and above the given base PATH', () => {
    const spec = { ...node, env: { PATH: '{repo}/bin' } };
    expect(envRuntime(spec, '/deps', '/w', '/usr/bin').env).toEqual({
      PATH: '/deps/node_modules/.bin:/w/bin:/usr/bin',
    });
  });

  it('links node_modules into the checkout so that it never shows in git status, idempotently', async () => {
    const repo = join(root, 'repo');
    const deps = join(root, 'deps');
    await makeRepo(repo, { '.gitignore': 'node_modules/\n', 'index.js': 'module.exports = 1;\n' });
    await mkdir(join(deps, 'node_modules', 'left-pad'), { recursive: true });
    const { setup } = envRuntime(node, deps, repo);
    for (let round = 0; round < 2; round++) {
      for (const command of setup) await execa('bash', ['-c', command]);
    }
    expect(await gitIn(repo, 'status', '--porcelain', '--untracked-files=all')).toBe('');
    expect(await execa('ls', [join(repo, 'node_modules')]).then((r) => r.stdout)).toBe('left-pad');
    expect(await readFile(join(repo, '.git', 'info', 'exclude'), 'utf8')).toMatch(/\n\/node_modules\n$/);
    expect(
      (await readFile(join(repo, '.git', 'info', 'exclude'), 'utf8')).match(/\/node_modules/g),
    ).toHaveLength(1);
  });
});
