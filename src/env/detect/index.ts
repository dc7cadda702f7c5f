import { LegoError } from '../../errors.js';
import type { EnvSpec, Language } from '../../schema/env.js';
import type { AvailableRuntimes } from './available.js';
import type { Detection } from './detection.js';
import { detectNode, nodeLooksFor } from './node.js';
import { detectPython, pythonLooksFor } from './python.js';
import { debianRuntimes, runtimeUnavailable } from './runtime.js';

export { availableRuntimes, type AvailableRuntimes } from './available.js';
export type { Detection } from './detection.js';

/** Recognises one kind of project and derives its environment spec. */
export interface Detector {
  /** The files it looks for, for error messages. */
  looksFor: string;
  detect(repoDir: string): Promise<Detection | undefined>;
}

/** Detectors by language, tried in this order. */
export const detectors = {
  python: { looksFor: pythonLooksFor, detect: detectPython },
  javascript: { looksFor: nodeLooksFor, detect: detectNode },
} satisfies Record<Language, Detector>;

/** What the default builds offer when the caller does not say: the Debian image's runtimes and this node. */
export const defaultRuntimes: Record<Language, string[]> = {
  python: [debianRuntimes.python],
  javascript: [...new Set([debianRuntimes.javascript, process.versions.node.split('.')[0] ?? ''])],
};

/**
 * Derives the environment spec of the repository checked out at `repoDir` from its files, with notes for
 * the env ledger: where the test command came from, and a runtime that `available` (see
 * `availableRuntimes`; default: the Debian image's and this node) lacks.
 */
export async function detectEnvWithNotes(
  repoDir: string,
  available: AvailableRuntimes = defaultRuntimes,
): Promise<Detection> {
  for (const detector of Object.values(detectors)) {
    const detection = await detector.detect(repoDir);
    if (!detection) continue;
    const missing = available && runtimeUnavailable(detection.spec, available[detection.spec.language]);
    return missing ? { ...detection, notes: [...detection.notes, missing] } : detection;
  }
  const lookedFor = Object.values(detectors).map((detector) => detector.looksFor);
  throw new LegoError(
    'env_detect_failed',
    `no test environment detected in ${repoDir}: looked for ${lookedFor.join('; ')}. ` +
      'Pass --env owner/name=spec.yaml to give the environment spec explicitly.',
  );
}

/** Derives the environment spec of the repository checked out at `repoDir` from its files. */
export async function detectEnv(repoDir: string): Promise<EnvSpec> {
  return (await detectEnvWithNotes(repoDir)).spec;
}
