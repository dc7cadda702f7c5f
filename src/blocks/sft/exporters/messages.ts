import type { Exporter } from './types.js';

/** Our full SftSample records: every message with `weight` and `error_reason`, plus the sample's metadata. */
export const messages: Exporter = {
  line: (sample) => JSON.stringify(sample),
  sidecars: () => [],
};
