import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitFiles, makeRepo, tempDir } from '../repos/test-repo.js';
import { envSpecId } from '../schema/env.js';
import { buildEnvironment } from './environment.js';
import type { PipOptions } from './pip-options.js';
import { testPipOptions } from './test-fixtures.js';

let root: string;
let source: string;
let base: string;
let pip: PipOptions;
const salt = `environment-${Date.now()}`;

beforeAll(async () => {
  root = await tempDir('lf-environment-test-');
  source = join(root, 'source');
  pip = await testPipOptions();
  base = await makeRepo(source, {
    'requirements.txt': `# ${salt}\n`,
    'tests/test_ok.py': 'def test_ok():\n    pass\n',
  });
  await commitFiles(source, { 'requirements.txt': `# ${salt}\nnot-a-package-anywhere==0\n` }, 'later');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('buildEnvironment', () => {
  it('mirrors, checks out the commit, detects from its files and builds a local env', async () => {
    const cacheDir = join(root, 'cache');
    const built = await buildEnvironment({
      repo: 'acme/demo',
      source,
      commit: base,
      sandbox: 'local',
      cacheDir,
      pip,
    });
    expect(built.spec.manifest_files).toEqual(['requirements.txt']);
    expect(built.specId).toBe(envSpecId(built.spec));
    expect(built.envDir).toBe(join(cacheDir, 'envs', built.specId));
    expect(await readFile(join(built.envDir!, 'requirements.txt'), 'utf8')).toBe(`# ${salt}\n`);
    expect(await readdir(join(cacheDir, 'work'))).toEqual([]);
    expect(await readdir(join(cacheDir, 'repos'))).toEqual(['acme__demo.git', 'acme__demo.git.lock']);
  });

  it('takes an --env spec file over detection', async () => {
    const specFile = join(root, 'spec.yaml');
    await writeFile(
      specFile,
      `language: python\ninstall: ["echo ${salt} > marker"]\ntest_cmd: pytest\nlog_parser: pytest\n`,
    );
    const built = await buildEnvironment({
      repo: 'acme/demo',
      source,
      commit: base,
      sandbox: 'local',
      cacheDir: join(root, 'cache'),
      envOverrides: new Map([['acme/demo', specFile]]),
    });
    expect(built.spec.install).toEqual([`echo ${salt} > marker`]);
    expect(await readFile(join(built.envDir!, 'marker'), 'utf8')).toBe(`${salt}\n`);
  });
});
