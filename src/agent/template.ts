import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LegoError } from '../errors.js';
import { packageRoot } from '../package-root.js';

/** The prompt templates of a rollout, as text: part of the block config, so editing one re-runs rollouts. */
export interface PromptTemplates {
  /** The system prompt. */
  system: string;
  /** The first user message; `{{problem_statement}}`, `{{repo_path}}`, `{{repo}}` and more are filled in. */
  instance: string;
  /** The user message after a reply that calls no tool. */
  continue: string;
  /** The text format's function list, appended to the system prompt; `{{functions}}` is filled in. */
  textFunctions: string;
}

const files: Record<keyof PromptTemplates, string> = {
  system: 'system.md',
  instance: 'instance.md',
  continue: 'continue.md',
  textFunctions: 'text-functions.md',
};

/** Where the shipped templates live. */
export function defaultPromptDir(): string {
  return join(packageRoot(), 'src', 'agent', 'prompts');
}

/** Reads the four templates from `dir` (the shipped ones by default); a missing file is an error. */
export async function loadPromptTemplates(dir = defaultPromptDir()): Promise<PromptTemplates> {
  const entries = await Promise.all(
    Object.entries(files).map(async ([key, file]) => {
      const text = await readFile(join(dir, file), 'utf8').catch((err: unknown) => {
        throw new LegoError(
          'bad_input',
          `cannot read the prompt template ${join(dir, file)}: ${(err as Error).message}`,
        );
      });
      return [key, text.replace(/\n$/, '')] as const;
    }),
  );
  return Object.fromEntries(entries) as unknown as PromptTemplates;
}

/** Fills `{{name}}` placeholders; a placeholder with no value is an error, so typos never reach a model. */
export function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined)
      throw new LegoError(
        'bad_input',
        `the prompt template uses {{${name}}}, which is not one of: ${Object.keys(values).join(', ')}`,
      );
    return value;
  });
}
