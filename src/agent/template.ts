import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Environment, Interpreter, parse, tokenize } from '@huggingface/jinja';
import { LegoError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import type { FunctionListName } from './fncall-text-styles.js';

/** How templates name their values: ours (`{{repo_path}}`), or OpenHands' Jinja (`{{ instance.repo }}`). */
export type TemplateSyntax = 'legofactory' | 'openhands';

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
  syntax: TemplateSyntax;
  /** How the text format lays out the function list after the system prompt. */
  functionList: FunctionListName;
}

type TemplateText = Pick<PromptTemplates, 'system' | 'instance' | 'continue' | 'textFunctions'>;

const ours: Record<keyof TemplateText, string> = {
  system: 'system.md',
  instance: 'instance.md',
  continue: 'continue.md',
  textFunctions: 'text-functions.md',
};

/** OpenHands 0.53's files: CodeActAgent's system prompt, the SWE-bench task prompt, the continue message. */
export const openhandsPromptFiles = {
  system: 'system_prompt.j2',
  instance: 'swe_default.j2',
  continue: 'continue.j2',
} as const;

/** Where the shipped templates live. */
export function defaultPromptDir(): string {
  return join(packageRoot(), 'src', 'agent', 'prompts');
}

async function readTemplate(dir: string, file: string): Promise<string> {
  return readFile(join(dir, file), 'utf8').catch((err: unknown) => {
    throw new LegoError(
      'bad_input',
      `cannot read the prompt template ${join(dir, file)}: ${(err as Error).message}`,
    );
  });
}

async function readAll(dir: string, files: Partial<Record<keyof TemplateText, string>>) {
  const entries = await Promise.all(
    Object.entries(files).map(async ([key, file]) => [key, await readTemplate(dir, file)] as const),
  );
  return Object.fromEntries(entries) as Partial<TemplateText>;
}

/**
 * Reads the templates from `dir` (the shipped ones by default). A directory holding `system_prompt.j2` is a
 * copy of OpenHands' templates (see `openhandsPromptFiles`), rendered as Jinja with OpenHands' variable
 * names; the shipped `text-functions.md` serves unless the directory has its own. A missing file is an error.
 */
export async function loadPromptTemplates(
  dir = defaultPromptDir(),
  functionList: FunctionListName = 'legofactory',
): Promise<PromptTemplates> {
  const isOpenhands = await access(join(dir, openhandsPromptFiles.system)).then(
    () => true,
    () => false,
  );
  if (!isOpenhands) {
    const text = await readAll(dir, ours);
    const trimmed = Object.fromEntries(Object.entries(text).map(([k, v]) => [k, v.replace(/\n$/, '')]));
    return { ...(trimmed as TemplateText), syntax: 'legofactory', functionList };
  }
  const own = await access(join(dir, ours.textFunctions)).then(
    () => dir,
    () => defaultPromptDir(),
  );
  const text = await readAll(dir, openhandsPromptFiles);
  const textFunctions = (await readTemplate(own, ours.textFunctions)).replace(/\n$/, '');
  return {
    ...(text as Omit<TemplateText, 'textFunctions'>),
    textFunctions,
    syntax: 'openhands',
    functionList,
  };
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

/** What a rollout's prompts are filled with. */
export interface PromptValues {
  repo_path: string;
  repo: string;
  instance_id: string;
  base_commit: string;
  problem_statement: string;
  hints_text: string;
  version: string;
}

/**
 * Jinja as Python's default `Environment` renders it: the library's `Template` trims blocks (as chat
 * templates want), so the template is tokenized here without `trim_blocks`/`lstrip_blocks`.
 */
function renderJinja(template: string, context: Record<string, unknown>, name: string): string {
  try {
    const env = new Environment();
    const globals = { true: true, false: false, none: null, True: true, False: false, None: null };
    for (const [key, value] of Object.entries({ ...globals, ...context })) env.set(key, value);
    return new Interpreter(env).run(parse(tokenize(template, {}))).value as string;
  } catch (err) {
    throw new LegoError('bad_input', `cannot render the prompt template ${name}: ${(err as Error).message}`);
  }
}

/**
 * The system prompt, first user message and continue message. OpenHands' templates get its names:
 * `instance.<field>`, `workspace_dir_name` (`repo__version` with `/` as `__`) and an empty
 * `test_instructions`; its system prompt is stripped, as OpenHands' PromptManager does.
 */
export function renderPrompts(
  templates: PromptTemplates,
  values: PromptValues,
): { system: string; instance: string; continue: string } {
  if (templates.syntax === 'legofactory') {
    const flat = { ...values };
    return {
      system: renderTemplate(templates.system, flat),
      instance: renderTemplate(templates.instance, flat),
      continue: renderTemplate(templates.continue, flat),
    };
  }
  const { repo_path: _, ...instance } = values;
  const context = {
    instance,
    workspace_dir_name: `${values.repo}__${values.version}`.replaceAll('/', '__'),
    test_instructions: '',
  };
  return {
    system: renderJinja(templates.system, context, openhandsPromptFiles.system).trim(),
    instance: renderJinja(templates.instance, context, openhandsPromptFiles.instance),
    continue: renderJinja(templates.continue, context, openhandsPromptFiles.continue),
  };
}
