import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Environment, Interpreter, parse, tokenize } from '@huggingface/jinja';
import { LegoError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import { openhandsSuffixPlaceholder } from './fncall-text-openhands.js';
import type { FunctionListName, FunctionListTemplates } from './fncall-text-styles.js';
import { renderTemplate } from './render-template.js';

/** How templates name their values: ours (`{{repo_path}}`), or OpenHands' Jinja (`{{ instance.repo }}`). */
export type TemplateSyntax = 'legofactory' | 'openhands';

/** The prompt templates of a rollout, as text: part of the block config, so editing one re-runs rollouts. */
export interface PromptTemplates extends FunctionListTemplates {
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

/** A prompt directory's optional copy of OpenHands' `SYSTEM_PROMPT_SUFFIX_TEMPLATE` (docs/trajgen.md). */
export const openhandsSuffixFile = 'fn_call_suffix.txt';

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

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** The suffix file, used verbatim; absent is fine, a file without the placeholder is an error. */
async function readSuffix(dir: string): Promise<Pick<FunctionListTemplates, 'functionSuffix'>> {
  const path = join(dir, openhandsSuffixFile);
  if (!(await exists(path))) return {};
  const text = await readTemplate(dir, openhandsSuffixFile);
  if (!text.includes(openhandsSuffixPlaceholder))
    throw new LegoError(
      'bad_input',
      `${path} has no ${openhandsSuffixPlaceholder} placeholder, where the function list goes: write it from ` +
        "OpenHands' SYSTEM_PROMPT_SUFFIX_TEMPLATE as docs/trajgen.md shows, or remove it to use our wording",
    );
  return { functionSuffix: text };
}

/**
 * The function-list templates of `dir` (the shipped ones by default): its `text-functions.md`, else the
 * shipped one, and its `fn_call_suffix.txt` when it has one.
 */
export async function loadFunctionListTemplates(dir = defaultPromptDir()): Promise<FunctionListTemplates> {
  const own = (await exists(join(dir, ours.textFunctions))) ? dir : defaultPromptDir();
  const textFunctions = (await readTemplate(own, ours.textFunctions)).replace(/\n$/, '');
  return { textFunctions, ...(await readSuffix(dir)) };
}

/**
 * Reads the templates from `dir` (the shipped ones by default). A directory holding `system_prompt.j2` is a
 * copy of OpenHands' templates (see `openhandsPromptFiles`), rendered as Jinja with OpenHands' variable
 * names; the shipped `text-functions.md` serves unless the directory has its own. A missing file is an error,
 * except the optional `fn_call_suffix.txt`.
 */
export async function loadPromptTemplates(
  dir = defaultPromptDir(),
  functionList: FunctionListName = 'legofactory',
): Promise<PromptTemplates> {
  if (!(await exists(join(dir, openhandsPromptFiles.system)))) {
    const text = await readAll(dir, ours);
    const trimmed = Object.fromEntries(Object.entries(text).map(([k, v]) => [k, v.replace(/\n$/, '')]));
    return { ...(trimmed as TemplateText), ...(await readSuffix(dir)), syntax: 'legofactory', functionList };
  }
  const text = await readAll(dir, openhandsPromptFiles);
  return {
    ...(text as Omit<TemplateText, 'textFunctions'>),
    ...(await loadFunctionListTemplates(dir)),
    syntax: 'openhands',
    functionList,
  };
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
