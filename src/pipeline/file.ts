import { z } from 'zod';
import { stageKindNames, stageKinds, type StageKindName } from './stages/index.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** `owner/name=PATH_OR_URL`: a repository and where it is (a path relative to the pipeline file, or a URL). */
export const RepoLine = z
  .string()
  .regex(/^[\w.-]+\/[\w.-]+=\S/, { message: 'expected owner/name=PATH_OR_URL' })
  .describe('owner/name=PATH_OR_URL; a relative path is relative to the pipeline file.');

export const ReposSpec = z
  .union([
    z.array(RepoLine).min(1).describe('The repositories, one owner/name=PATH_OR_URL each.'),
    z
      .object({
        file: z
          .string()
          .min(1)
          .describe(
            'A file of owner/name=PATH_OR_URL lines (# comments and blank lines allowed), relative to the pipeline file.',
          ),
      })
      .strict(),
    z
      .object({
        examples: z
          .literal(true)
          .describe(
            "LegoFactory's example repositories, built into the cache (what the quickstart runs on).",
          ),
      })
      .strict(),
  ])
  .describe('The repositories every stage works on.');
export type ReposSpec = z.infer<typeof ReposSpec>;

export const PipelineModelSpec = z
  .object({
    base_url: z
      .string()
      .url()
      .describe('An OpenAI-compatible endpoint (vLLM, SGLang, OpenAI), e.g. http://localhost:8000/v1.'),
    model: z.string().min(1).describe('The model name the endpoint serves.'),
    api_key_env: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'expected an environment variable name' })
      .optional()
      .describe('The environment variable holding the API key (the key itself never goes in the file).'),
    format: z
      .enum(['native', 'text'])
      .default('native')
      .describe(
        'Tool calls: native (the endpoint parses them) or text (the OpenHands text format, e.g. SWE-Lego Qwen3).',
      ),
  })
  .strict();

export const PipelineDefaults = z
  .object({
    sandbox: z
      .enum(['auto', 'local', 'docker'])
      .default('auto')
      .describe(
        'Where tests run: docker, local (a git worktree, under bubblewrap when present), or auto (docker when a daemon answers).',
      ),
    workers: z.number().int().positive().default(2).describe('Items in flight in every stage.'),
    cache_dir: z
      .string()
      .optional()
      .describe(
        'Mirrors, environments, work directories: default $LEGOFACTORY_CACHE, else ~/.cache/legofactory.',
      ),
    pip: z
      .union([
        z.literal('host'),
        z
          .object({
            index_url: z.string().optional().describe('pip --index-url'),
            extra_index_urls: z.array(z.string()).default([]).describe('pip --extra-index-url, each'),
            find_links: z.array(z.string()).default([]).describe('pip --find-links, each'),
          })
          .strict(),
      ])
      .default('host')
      .describe(
        "Package indexes of Python environment builds: host (the host pip's configured indexes) or explicit ones.",
      ),
    model: PipelineModelSpec.optional().describe(
      'The model endpoint for rollouts, model synth strategies and the verifier; without one, rollouts use the gold policy.',
    ),
  })
  .strict()
  .describe('Settings every stage shares.');
export type PipelineDefaults = z.infer<typeof PipelineDefaults>;

function stageSchema<K extends StageKindName>(block: K) {
  return z
    .object({
      block: z.literal(block).describe(stageKinds[block].description),
      from: z.array(z.string()).default([]).describe('The stages whose output files this stage reads.'),
      config: (stageKinds[block].config as z.ZodType).prefault({}),
    })
    .strict();
}

const stageVariants = stageKindNames.map((name) => stageSchema(name));

export const PipelineStage = z
  .discriminatedUnion(
    'block',
    stageVariants as [ReturnType<typeof stageSchema>, ...ReturnType<typeof stageSchema>[]],
  )
  .describe('A block run over the output of the stages it reads from.');
/** A stage as parsed: its kind, its upstream stages, and its config (validated by its kind's schema). */
export interface PipelineStage {
  block: StageKindName;
  from: string[];
  config: unknown;
}

export const PipelineFile = z
  .object({
    name: z
      .string()
      .regex(NAME, { message: 'expected letters, digits, . _ - (it names a directory)' })
      .describe('The pipeline name: runs go to <out>/<name>/<stage>/.'),
    repos: ReposSpec,
    defaults: PipelineDefaults.prefault({}),
    stages: z
      .record(
        z.string().regex(NAME, { message: 'expected letters, digits, . _ - (it names a directory)' }),
        PipelineStage,
      )
      .describe('The stages by name; each names its block, its config and the stages it reads from.'),
  })
  .strict()
  .describe('A LegoFactory pipeline: a DAG of stages over a repository list.');

/** A parsed pipeline file (stage configs typed loosely; each was validated by its kind's schema). */
export interface PipelineFile {
  name: string;
  repos: ReposSpec;
  defaults: PipelineDefaults;
  stages: Record<string, PipelineStage>;
}

/** The pipeline file's JSON Schema, as `legofactory schema pipeline` prints it. */
export function pipelineJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(PipelineFile, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
