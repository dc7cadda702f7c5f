import { resolve } from 'node:path';
import { defaultCacheDir } from '../cache-dir.js';
import { hostPipIndexes, type PipOptions } from '../env/pip-options.js';
import { LegoError } from '../errors.js';
import { chooseSandbox } from '../quickstart.js';
import type { ProviderName } from '../sandbox/index.js';
import type { PipelineDefaults } from './file.js';
import type { PipelineModel } from './stages/types.js';

/** The pipeline's defaults made concrete: the sandbox chosen, the cache located, the key read. */
export interface PipelineSettings {
  sandbox: ProviderName;
  sandboxReason: string;
  workers: number;
  cacheDir: string;
  pip?: PipOptions;
  model?: PipelineModel;
}

function modelOf(
  spec: PipelineDefaults['model'],
  env: Record<string, string | undefined>,
): PipelineModel | undefined {
  if (!spec) return undefined;
  const keyEnv = spec.api_key_env;
  const apiKey = keyEnv ? env[keyEnv] : undefined;
  if (keyEnv && !apiKey)
    throw new LegoError('bad_input', `defaults.model.api_key_env: the variable ${keyEnv} is not set`);
  return {
    baseUrl: spec.base_url,
    model: spec.model,
    format: spec.format,
    ...(apiKey ? { apiKey } : {}),
    ...(keyEnv ? { apiKeyEnv: keyEnv } : {}),
  };
}

async function pipOf(spec: PipelineDefaults['pip']): Promise<PipOptions> {
  if (spec === 'host') return hostPipIndexes();
  return {
    ...(spec.index_url ? { indexUrl: spec.index_url } : {}),
    extraIndexUrls: spec.extra_index_urls,
    findLinks: spec.find_links,
  };
}

/** Resolves `defaults` (relative to `baseDir`) with the environment passed in explicitly. */
export async function resolveSettings(
  defaults: PipelineDefaults,
  baseDir: string,
  env: Record<string, string | undefined>,
): Promise<PipelineSettings> {
  const model = modelOf(defaults.model, env);
  const sandbox = await chooseSandbox(defaults.sandbox);
  return {
    sandbox: sandbox.name,
    sandboxReason: sandbox.reason,
    workers: defaults.workers,
    cacheDir: defaults.cache_dir ? resolve(baseDir, defaults.cache_dir) : defaultCacheDir(env),
    pip: await pipOf(defaults.pip),
    ...(model ? { model } : {}),
  };
}
