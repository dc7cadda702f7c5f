import { stringify } from 'yaml';
import type { z } from 'zod';
import { LegoError } from '../errors.js';
import { PipelineDefaults, PipelineModelSpec } from './file.js';
import { stageKinds, type StageKindName } from './stages/index.js';

/** The full recipe, in order: stage name, kind, the stages it reads from. */
export const recipe: { name: string; block: StageKindName; from: string[] }[] = [
  { name: 'mine', block: 'swegen-mine', from: [] },
  { name: 'synth', block: 'swegen-synth', from: [] },
  { name: 'validate', block: 'swegen-validate', from: ['mine', 'synth'] },
  { name: 'rollout', block: 'trajgen-rollout', from: ['validate'] },
  { name: 'sft', block: 'sft-build', from: ['rollout'] },
  { name: 'train', block: 'sft-train', from: ['sft'] },
  { name: 'score', block: 'verifier-score', from: ['rollout'] },
  { name: 'tts', block: 'eval-tts', from: ['score'] },
];

/** Stages written commented out: they need something the examples lack (a trainer config and a GPU). */
const commentedOut = new Set<StageKindName>(['sft-train']);

const examples: Record<string, unknown> = {
  trainer_config: 'trainer.yaml',
  base_url: 'http://localhost:8000/v1',
  model: 'Qwen/Qwen3-8B',
  api_key_env: 'OPENAI_API_KEY',
};

function wrap(text: string, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && `${indent}# ${line} ${word}`.length > 110) {
      lines.push(`${indent}# ${line}`);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(`${indent}# ${line}`);
  return lines;
}

const scalar = (value: unknown) =>
  Array.isArray(value) || (value && typeof value === 'object')
    ? JSON.stringify(value)
    : stringify(value).trim();

/** One documented line (or commented example) per field of an object schema, its default spelled out. */
function fields(schema: z.ZodObject, indent: string): string[] {
  return Object.entries(schema.shape).flatMap(([key, field]) => {
    const doc = wrap((field as z.ZodType).description ?? '', indent);
    const unset = (field as z.ZodType).safeParse(undefined);
    if (unset.data !== undefined) return [...doc, `${indent}${key}: ${scalar(unset.data)}`];
    const example = examples[key] === undefined ? '' : ` ${scalar(examples[key])}`;
    return [...doc, unset.success ? `${indent}# ${key}:${example}` : `${indent}${key}:${example}`];
  });
}

/** The model block, commented out: an example endpoint with each field documented. */
function modelLines(): string[] {
  return Object.entries(PipelineModelSpec.shape).flatMap(([key, field]) => [
    ...wrap((field as z.ZodType).description ?? '', '  #   '),
    `  #   ${key}: ${scalar((field as z.ZodType).safeParse(undefined).data ?? examples[key])}`,
  ]);
}

function stageLines(stage: (typeof recipe)[number], from: string[]): string[] {
  const kind = stageKinds[stage.block];
  const config = fields(kind.config as unknown as z.ZodObject, '    ');
  const empty = config.every((line) => line.trimStart().startsWith('#'));
  const body = [
    `${stage.name}:`,
    `  block: ${stage.block}`,
    `  from: ${JSON.stringify(from)}`,
    empty ? '  config: {}' : '  config:',
    ...config,
  ];
  const head = wrap(`${stage.block}: ${kind.config.description ?? kind.description}`, '  ');
  if (!commentedOut.has(stage.block)) return [...head, ...body.map((l) => `  ${l}`)];
  const note = wrap(
    'Needs a GPU and the trainer (pip install trainer/): uncomment it to end the pipeline in a checkpoint.',
    '  ',
  );
  return [...head, ...note, ...body.map((l) => `  # ${l}`)];
}

/** The stages kept by `--stages`, each reading only from kept stages; a kept stage must keep its inputs. */
function keptStages(stages: string[] | undefined) {
  const names = stages ?? recipe.map((s) => s.name);
  const unknown = names.filter((n) => !recipe.some((s) => s.name === n));
  if (unknown.length > 0)
    throw new LegoError(
      'bad_input',
      `--stages: unknown stage ${unknown.join(', ')}; the recipe has ${recipe.map((s) => s.name).join(', ')}`,
    );
  const kept = recipe.filter((s) => names.includes(s.name) && !commentedOut.has(s.block));
  return recipe
    .filter((s) => names.includes(s.name))
    .map((stage) => {
      const from = stage.from.filter((up) => kept.some((k) => k.name === up));
      if (stage.from.length > 0 && from.length === 0)
        throw new LegoError(
          'bad_input',
          `--stages: ${stage.name} reads from ${stage.from.join(' or ')}; keep one of them too`,
        );
      return { stage, from };
    });
}

/**
 * The full recipe as a pipeline file: every stage documented by comments, its defaults spelled out.
 * `stages` keeps some of the recipe (a prefix, say); sft-train is written commented out unless named.
 */
export function initPipeline(options: {
  name: string;
  repos: Record<string, string>;
  stages?: string[];
}): string {
  const repos = Object.entries(options.repos);
  if (repos.length === 0) throw new LegoError('bad_input', 'give at least one --repo owner/name=PATH_OR_URL');
  const stages = keptStages(options.stages);
  return [
    '# A LegoFactory pipeline, written by `legofactory pipeline init`. Run it with `legofactory run FILE`;',
    '# `legofactory schema pipeline` prints its JSON Schema.',
    `name: ${scalar(options.name)}`,
    '# The repositories: owner/name=PATH_OR_URL lines here, or `repos: { file: repos.txt }` with one such',
    '# line a line (# comments allowed), or `repos: { examples: true }` for the built-in examples.',
    'repos:',
    ...repos.map(([repo, source]) => `  - ${scalar(`${repo}=${source}`)}`),
    'defaults:',
    ...fields(PipelineDefaults.omit({ model: true }), '  '),
    ...wrap(PipelineDefaults.shape.model.description ?? '', '  '),
    '  # model:',
    ...modelLines(),
    'stages:',
    ...stages.flatMap(({ stage, from }) => stageLines(stage, from)),
    '',
  ].join('\n');
}
