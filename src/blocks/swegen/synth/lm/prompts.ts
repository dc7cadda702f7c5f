import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LegoError } from '../../../../errors.js';
import { packageRoot } from '../../../../package-root.js';

/** The prompt templates synthesis sends to a model, as text (part of the config hash). */
export interface SynthPrompts {
  /** lm-modify: `{{repo}} {{file}} {{language}} {{fence}} {{name}} {{function}}`. */
  modify: string;
  /** lm-rewrite: `{{repo}} {{file}} {{language}} {{fence}} {{name}} {{context}}`. */
  rewrite: string;
  /** The statement writer: `{{repo}} {{bug_diff}} {{test_output}}`. */
  statement: string;
}

const files: Record<keyof SynthPrompts, string> = {
  modify: 'lm-modify.md',
  rewrite: 'lm-rewrite.md',
  statement: 'statement.md',
};

/** Where the shipped prompts live. */
export function defaultSynthPromptDir(): string {
  return join(packageRoot(), 'src', 'blocks', 'swegen', 'synth', 'prompts');
}

/** Reads the three prompt files from `dir` (the shipped ones by default). */
export async function loadSynthPrompts(dir = defaultSynthPromptDir()): Promise<SynthPrompts> {
  const read = (file: string) =>
    readFile(join(dir, file), 'utf8').catch((err: unknown) => {
      throw new LegoError(
        'bad_input',
        `cannot read the prompt ${join(dir, file)}: ${(err as Error).message}`,
      );
    });
  const [modify, rewrite, statement] = await Promise.all(
    [files.modify, files.rewrite, files.statement].map(read),
  );
  return { modify: modify!, rewrite: rewrite!, statement: statement! };
}

/** Fills `{{name}}` placeholders; one with no value is an error, so a typo in a prompt file never reaches a model. */
export function fillPrompt(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined)
      throw new LegoError(
        'bad_input',
        `the prompt uses {{${name}}}, which is not one of: ${Object.keys(values).join(', ')}`,
      );
    return value;
  });
}
