import { axolotl } from './axolotl.js';
import { messages } from './messages.js';
import { openai } from './openai.js';
import { sweLego } from './swe-lego.js';
import type { Exporter } from './types.js';

export type { DatasetFiles, ExportContext, Exporter, Sidecar } from './types.js';

/** The export formats by the name `--format` takes. */
export const exporters = {
  'swe-lego': sweLego,
  axolotl,
  openai,
  messages,
} as const satisfies Record<string, Exporter>;
export type ExportFormat = keyof typeof exporters;
