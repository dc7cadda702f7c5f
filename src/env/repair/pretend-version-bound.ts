import { compareVersions } from './changelog-version.js';
import type { RepairRule } from './rule.js';

// The exports vcs-version adds: `export SETUPTOOLS_SCM_PRETEND_VERSION=0.0.0`
const PRETEND = /^export (SETUPTOOLS_SCM_PRETEND_VERSION|PBR_VERSION)=(\S+)$/;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The project pip could not install at `pretend`: `Cannot install <name>[extra]==0.0.0` or `<name> 0.0.0`. */
function projectsAt(log: string, pretend: string): string[] {
  const names = [
    ...log.matchAll(new RegExp(`([A-Za-z0-9][\\w.-]*)(?:\\[[^\\]]*\\])?(?:==| )${escape(pretend)}\\b`, 'g')),
  ];
  return [...new Set(names.map((m) => m[1]!))];
}

/**
 * After vcs-version, pip's resolver refuses the pretended version because another requirement needs the
 * project newer (pytest 9 depends on `pluggy>=1.5` and `iniconfig>=1`: measured on pluggy and iniconfig
 * in bench/env-success): pretend the highest lower bound pip printed instead.
 */
export const pretendVersionBound: RepairRule = {
  summary: 'a pretended version below what another requirement needs of the project: pretend that bound',
  phases: ['build'],
  match({ spec, log }) {
    const pretend = spec.install.map((line) => PRETEND.exec(line)).find(Boolean);
    if (!pretend || !log.includes('conflicting dependencies')) return undefined;
    let best: { line: string; version: string } | undefined;
    for (const name of projectsAt(log, pretend[2]!)) {
      const needs = new RegExp(`depends on ${escape(name)}(?![\\w.-])\\s*([^\\n(]*)`, 'gi');
      for (const found of log.matchAll(needs)) {
        for (const bound of found[1]!.matchAll(/(?:>=|~=|==)\s*([0-9][\w.]*)/g)) {
          const version = bound[1]!;
          if (compareVersions(version, pretend[2]!) <= 0) continue;
          if (!best || compareVersions(version, best.version) > 0) best = { line: found[0].trim(), version };
        }
      }
    }
    return best && { line: best.line, subject: `${pretend[1]}=${best.version}` };
  },
  edit(spec, { subject }) {
    const variable = subject.split('=')[0]!;
    const install = spec.install.map((line) =>
      PRETEND.exec(line)?.[1] === variable ? `export ${subject}` : line,
    );
    return install.join('\n') === spec.install.join('\n') ? undefined : { ...spec, install };
  },
};
