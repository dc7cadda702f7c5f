import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { makeRepo, tempDir } from '../repos/test-repo.js';
import { registerEnvBuild } from './env-build.js';

let root: string;
let sha: string;
beforeAll(async () => {
  root = await tempDir('lf-env-build-cli-test-');
  sha = await makeRepo(join(root, 'source'), {
    'package.json': JSON.stringify({ name: 'x', version: '1.0.0', devDependencies: { mocha: '11.7.1' } }),
  });
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function run(...args: string[]): Promise<string> {
  const env = new Command('env').exitOverride();
  registerEnvBuild(env);
  const written: string[] = [];
  const spy = vi
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk) => (written.push(String(chunk)), true));
  try {
    await env.parseAsync(['build', ...args], { from: 'user' });
  } finally {
    spy.mockRestore();
  }
  return written.join('');
}

describe('legofactory env build', () => {
  it('prints the spec id, the env dir and the spec as YAML', async () => {
    const cache = join(root, 'cache');
    const out = parse(
      await run(
        '--repo',
        `acme/x=${join(root, 'source')}`,
        '--commit',
        sha,
        '--sandbox',
        'local',
        '--cache',
        cache,
      ),
    );
    expect(Object.keys(out)).toEqual(['spec_id', 'env_dir', 'spec']);
    expect(out.env_dir).toBe(join(cache, 'envs', out.spec_id));
    expect(out.spec).toMatchObject({
      language: 'javascript',
      log_parser: 'mocha',
      manifest_files: ['package.json'],
    });
  });

  it('rejects an unknown sandbox kind and a malformed --repo', async () => {
    await expect(run('--repo', 'acme/x=/tmp', '--commit', sha, '--sandbox', 'k8s')).rejects.toThrow(
      "argument 'k8s' is invalid. Allowed choices are docker, local.",
    );
    await expect(run('--repo', 'acme', '--commit', sha)).rejects.toThrow(
      '--repo expects owner/name=PATH_OR_URL',
    );
  });
});
