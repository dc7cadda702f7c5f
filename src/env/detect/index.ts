import { LegoError } from '../../errors.js';
import type { EnvSpec, Language } from '../../schema/env.js';
import { detectNode, nodeLooksFor } from './node.js';
import { detectPython, pythonLooksFor } from './python.js';

/** Recognises one kind of project and derives its environment spec. */
export interface Detector {
  /** The files it looks for, for error messages. */
  looksFor: string;
  detect(repoDir: string): Promise<EnvSpec | undefined>;
}

/** Detectors by language, tried in this order. */
export const detectors = {
  python: { looksFor: pythonLooksFor, detect: detectPython },
  javascript: { looksFor: nodeLooksFor, detect: detectNode },
} satisfies Record<Language, Detector>;

/** Derives the environment spec of the repository checked out at `repoDir` from its manifest files. */
export async function detectEnv(repoDir: string): Promise<EnvSpec> {
  for (const detector of Object.values(detectors)) {
    const spec = await detector.detect(repoDir);
    if (spec) return spec;
  }
  const lookedFor = Object.values(detectors).map((detector) => detector.looksFor);
  throw new LegoError(
    'env_detect_failed',
    `no test environment detected in ${repoDir}: looked for ${lookedFor.join('; ')}. ` +
      'Pass --env owner/name=spec.yaml to give the environment spec explicitly.',
  );
}
