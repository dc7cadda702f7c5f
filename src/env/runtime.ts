import type { EnvSpec, Language } from '../schema/env.js';
import { shellQuote } from './shell.js';

/** PATH of Debian images, used below the environment's bin directory when no other is given. */
export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

const binDir: Record<Language, string> = { python: 'venv/bin', javascript: 'node_modules/.bin' };
/** Files the environment makes in the checkout that must never show up in its diff. */
const ignored: Record<Language, string[]> = {
  python: ['__pycache__/', '*.py[cod]'],
  javascript: ['/node_modules'],
};

/** What a sandbox needs to use a built environment. */
export interface EnvRuntime {
  /** Variables for every command: PATH with the environment's bin directory first, the spec's `env`. */
  env: Record<string, string>;
  /** Shell commands to run once per sandbox before anything else. */
  setup: string[];
}

function excludeCommands(repoDir: string, patterns: string[]): string[] {
  const exclude = shellQuote(`${repoDir}/.git/info/exclude`);
  return [
    `mkdir -p ${shellQuote(`${repoDir}/.git/info`)}`,
    ...patterns.map(
      (p) => `grep -qxF ${shellQuote(p)} ${exclude} 2>/dev/null || echo ${shellQuote(p)} >> ${exclude}`,
    ),
  ];
}

function linkNodeModules(depsDir: string, repoDir: string): string {
  const [target, link] = [`${depsDir}/node_modules`, `${repoDir}/node_modules`].map(shellQuote);
  return `if [ -L ${link} ] || [ ! -e ${link} ]; then ln -sfn ${target} ${link}; fi`;
}

/**
 * The environment variables and setup commands for running a spec's tests with dependencies in `depsDir`
 * on a checkout at `repoDir` (for docker: /opt/lf-env and /testbed). `{repo}` in the spec's env expands to
 * `repoDir`; `basePath` is the PATH below the environment's bin directory.
 */
export function envRuntime(
  spec: EnvSpec,
  depsDir: string,
  repoDir: string,
  basePath = DEFAULT_PATH,
): EnvRuntime {
  const expand = (value: string) => value.replaceAll('{repo}', repoDir);
  const env = Object.fromEntries(Object.entries(spec.env).map(([key, value]) => [key, expand(value)]));
  env.PATH = [`${depsDir}/${binDir[spec.language]}`, env.PATH, basePath].filter(Boolean).join(':');
  if (spec.language === 'python') env.VIRTUAL_ENV ??= `${depsDir}/venv`;
  const setup = excludeCommands(repoDir, ignored[spec.language]);
  if (spec.language === 'javascript') setup.push(linkNodeModules(depsDir, repoDir));
  return { env, setup };
}
