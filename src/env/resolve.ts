import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { LegoError } from '../errors.js';
import { EnvSpec } from '../schema/env.js';
import type { TaskInstance } from '../schema/instance.js';
import { detectEnvWithNotes } from './detect/index.js';

/** Reads an EnvSpec from a YAML or JSON file; a clear `bad_input` naming the file when it is not one. */
export async function loadEnvSpecFile(path: string): Promise<EnvSpec> {
  const text = await readFile(path, 'utf8').catch((err: unknown) => {
    throw new LegoError('bad_input', `cannot read env spec file ${path}: ${(err as Error).message}`);
  });
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (err) {
    throw new LegoError(
      'bad_input',
      `env spec file ${path} is not valid YAML or JSON: ${(err as Error).message}`,
    );
  }
  const parsed = EnvSpec.safeParse(value);
  if (!parsed.success) {
    throw new LegoError(
      'bad_input',
      `env spec file ${path} is not a valid EnvSpec:\n${z.prettifyError(parsed.error)}`,
    );
  }
  return parsed.data;
}

export interface ResolveEnvSpecOptions {
  /** Only `repo` and `env` are read; an inline `env` spec wins over everything else. */
  instance: Pick<TaskInstance, 'repo' | 'env'>;
  /** The checkout detection looks at. */
  repoDir: string;
  /** Spec files given with `--env owner/name=spec.yaml`, by repository. */
  overrides?: ReadonlyMap<string, string>;
}

/**
 * The environment spec for an instance: its inline `env` spec, else the `--env` file given for its
 * repository, else what detection finds in the checkout. An `env` that is only a spec id does not
 * select a spec by itself. `notes` say where the spec came from (detection's notes, for the env ledger).
 */
export async function resolveEnvSpecWithNotes({
  instance,
  repoDir,
  overrides,
}: ResolveEnvSpecOptions): Promise<{ spec: EnvSpec; notes: string[] }> {
  if (instance.env && typeof instance.env === 'object')
    return { spec: EnvSpec.parse(instance.env), notes: ["spec: the instance's inline env"] };
  const file = overrides?.get(instance.repo);
  if (file !== undefined) return { spec: await loadEnvSpecFile(file), notes: [`spec: --env file ${file}`] };
  return detectEnvWithNotes(repoDir);
}

/** `resolveEnvSpecWithNotes` without the notes. */
export async function resolveEnvSpec(options: ResolveEnvSpecOptions): Promise<EnvSpec> {
  return (await resolveEnvSpecWithNotes(options)).spec;
}
