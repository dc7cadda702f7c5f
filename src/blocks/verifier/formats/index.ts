import { readFileSync } from 'node:fs';
import { renderTemplate } from '../../../agent/render-template.js';
import { LegoError } from '../../../errors.js';
import type { Trajectory } from '../../../schema/trajectory.js';
import type { ExportContext } from '../../sft/exporters/types.js';
import { defaultCondense, verifierTemplatePath, type CondenseOptions } from '../../sft/verifier.js';
import type { PromptMessage } from '../client.js';
import { legofactory } from './legofactory.js';
import { sweLego } from './swe-lego.js';
import type { VerifierFormat, VerifierPromptText } from './types.js';

export type { VerifierFormat, VerifierPromptText };

/** The verifier formats by name; `legofactory` is the default. */
export const verifierFormats = { legofactory, 'swe-lego': sweLego } satisfies Record<string, VerifierFormat>;
export type VerifierFormatName = keyof typeof verifierFormats;
export const verifierFormatNames = Object.keys(verifierFormats) as VerifierFormatName[];

/** A verifier format by name, or a bad-input error naming the ones there are. */
export function verifierFormat(name: string): VerifierFormat {
  if (!Object.hasOwn(verifierFormats, name))
    throw new LegoError(
      'bad_input',
      `unknown verifier format "${name}"; choose one of: ${verifierFormatNames.join(', ')}`,
    );
  return verifierFormats[name as VerifierFormatName];
}

function readPrompt(path: string): string {
  try {
    return readFileSync(path, 'utf8').replace(/\n$/, '');
  } catch (err) {
    throw new LegoError('bad_input', `cannot read the verifier prompt ${path}: ${(err as Error).message}`);
  }
}

/** Where a format's prompt text comes from: the shipped files unless paths are given. */
export interface VerifierPromptSource {
  format: VerifierFormatName;
  /** The user-message template file. */
  templatePath?: string;
  /** A system prompt file (a format without one of its own then sends it too). */
  systemPath?: string;
  condense?: Partial<CondenseOptions>;
  /** How native tools and calls show in the text format; the same as the policy's `sft build` keeps logs alike. */
  textFormat: ExportContext;
}

/** Reads a format's prompt text. */
export function loadVerifierPrompt(source: VerifierPromptSource): VerifierPromptText {
  const format = verifierFormats[source.format];
  const systemPath =
    source.systemPath ?? (format.systemFile ? verifierTemplatePath(format.systemFile) : undefined);
  return {
    template: readPrompt(source.templatePath ?? verifierTemplatePath(format.templateFile)),
    system: systemPath ? readPrompt(systemPath) : null,
    condense: { ...defaultCondense, ...source.condense },
    textFormat: source.textFormat,
  };
}

/** The verifier's messages for a trajectory: training rows and scoring requests both come from here. */
export function verifierMessages(
  name: VerifierFormatName,
  trajectory: Trajectory,
  prompt: VerifierPromptText,
): PromptMessage[] {
  const user = renderTemplate(prompt.template, verifierFormats[name].values(trajectory, prompt));
  return [
    ...(prompt.system !== null ? [{ role: 'system' as const, content: prompt.system }] : []),
    { role: 'user', content: user },
  ];
}
