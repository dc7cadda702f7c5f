import { changelogVersion } from './changelog-version.js';
import type { RepairRule } from './rule.js';

/** The version a snapshot without `.git` claims when its build derives the version from git and no changelog names one. */
export const PRETEND_VERSION = '0.0.0';

const SIGNATURES: readonly { pattern: RegExp; variable: string }[] = [
  // setuptools-scm, and hatch-vcs / setuptools-scm based backends that wrap it
  { pattern: /setuptools[-_]scm was unable to detect version/i, variable: 'SETUPTOOLS_SCM_PRETEND_VERSION' },
  { pattern: /Versioning for this project requires either an sdist tarball/, variable: 'PBR_VERSION' },
];

/**
 * VCS-derived versions (setuptools-scm, hatch-vcs, pbr) fail in a snapshot without `.git`: the build
 * gets its version from an environment variable instead: the newest release the changelog names, so a
 * requirement that needs the project at a lower bound (virtualenv: `filelock>=3.24.2`) is met in the same
 * build, else 0.0.0. (versioneer falls back to `0+unknown` by itself and fails nothing.)
 */
export const vcsVersion: RepairRule = {
  summary: 'a version read from git, in a snapshot without .git: pretend a version for the build',
  phases: ['build'],
  match({ log }) {
    for (const line of log.split('\n')) {
      const found = SIGNATURES.find(({ pattern }) => pattern.test(line));
      if (found) return { line: line.trim(), subject: found.variable };
    }
    return undefined;
  },
  async edit(spec, { subject }, { files }) {
    const version = (await changelogVersion(files)) ?? PRETEND_VERSION;
    if (spec.install.some((line) => line.startsWith(`export ${subject}=`))) return undefined;
    const exported = `export ${subject}=${version}`;
    return { ...spec, install: [exported, ...spec.install] };
  },
};
