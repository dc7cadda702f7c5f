import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../repos/test-repo.js';
import { EnvSpec } from '../schema/env.js';
import { loadEnvSpecFile, resolveEnvSpec } from './resolve.js';

let dir: string;
const inline = EnvSpec.parse({ language: 'python', test_cmd: 'inline', log_parser: 'pytest' });

beforeAll(async () => {
  dir = await tempDir('lf-resolve-test-');
  await writeFile(join(dir, 'requirements.txt'), 'attrs\n');
  await writeFile(
    join(dir, 'spec.yaml'),
    'language: javascript\ntest_cmd: npx mocha {tests}\nlog_parser: mocha\n',
  );
  await writeFile(
    join(dir, 'spec.json'),
    JSON.stringify({ language: 'python', test_cmd: 'json', log_parser: 'pytest' }),
  );
  await writeFile(join(dir, 'bad.yaml'), 'language: cobol\ntest_cmd: x\nlog_parser: pytest\n');
  await writeFile(join(dir, 'broken.yaml'), 'language: [python\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const overrides = () => new Map([['acme/demo', join(dir, 'spec.yaml')]]);

describe('resolveEnvSpec', () => {
  it('prefers the instance inline spec over an override', async () => {
    const spec = await resolveEnvSpec({
      instance: { repo: 'acme/demo', env: inline },
      repoDir: dir,
      overrides: overrides(),
    });
    expect(spec).toEqual(inline);
  });

  it('prefers the --env file of the repository over detection', async () => {
    const spec = await resolveEnvSpec({
      instance: { repo: 'acme/demo', env: 'a1b2c3' },
      repoDir: dir,
      overrides: overrides(),
    });
    expect(spec).toEqual(
      EnvSpec.parse({ language: 'javascript', test_cmd: 'npx mocha {tests}', log_parser: 'mocha' }),
    );
  });

  it('detects when neither is given, or the override is for another repository', async () => {
    const spec = await resolveEnvSpec({
      instance: { repo: 'acme/other' },
      repoDir: dir,
      overrides: overrides(),
    });
    expect(spec).toMatchObject({
      language: 'python',
      manifest_files: ['requirements.txt'],
      log_parser: 'pytest',
    });
  });
});

describe('loadEnvSpecFile', () => {
  it('reads JSON too', async () => {
    expect((await loadEnvSpecFile(join(dir, 'spec.json'))).test_cmd).toBe('json');
  });

  it.each([
    [
      'bad.yaml',
      'is not a valid EnvSpec:\n✖ Invalid option: expected one of "python"|"javascript"\n  → at language',
    ],
    ['broken.yaml', 'is not valid YAML or JSON'],
    ['missing.yaml', 'cannot read env spec file'],
  ])('names the file when %s is not a spec', async (file, message) => {
    const path = join(dir, file);
    await expect(loadEnvSpecFile(path)).rejects.toMatchObject({ code: 'bad_input' });
    await expect(loadEnvSpecFile(path)).rejects.toThrow(path);
    await expect(loadEnvSpecFile(path)).rejects.toThrow(message);
  });
});
