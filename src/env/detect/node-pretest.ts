import { simpleCommands } from './shell-words.js';
import { scriptCalled } from './node-script.js';

/** Tools that compile the sources the tests import (`build/`, `dist/`). */
const BUILDERS = new Set([
  'tsc',
  'babel',
  'rollup',
  'esbuild',
  'tsup',
  'webpack',
  'swc',
  'unbuild',
  'microbundle',
]);
/** Tools that only prepare the output directory around a build. */
const FILE_TOOLS = new Set(['rimraf', 'rm', 'del-cli', 'mkdir', 'mkdirp', 'cp', 'copyfiles', 'shx']);

/** `cross-env NODE_ENV=test rollup -c` → `rollup -c`. */
function withoutEnv(words: string[]): string[] {
  const start = words[0] === 'cross-env' || words[0] === 'env' ? 1 : 0;
  const rest = words.slice(start);
  const at = rest.findIndex((word) => !/^\w+=/.test(word));
  return at < 0 ? [] : rest.slice(at);
}

/** Whether a script only builds: every command a builder or a file tool, or a script that only builds, and one builds. */
function onlyBuilds(scripts: Record<string, string>, script: string, depth = 0): boolean {
  if (depth > 3) return false;
  let builds = false;
  for (const command of simpleCommands(script)) {
    const words = withoutEnv(command.words);
    const called = scriptCalled(words);
    const inner = called === undefined ? undefined : scripts[called];
    if (inner !== undefined && onlyBuilds(scripts, inner, depth + 1)) builds = true;
    else if (BUILDERS.has(words[0] ?? '')) builds = true;
    else if (!FILE_TOOLS.has(words[0] ?? '')) return false;
  }
  return builds;
}

/**
 * The build npm runs before the tests (the `pre<script>` hook of `test` or of the script that runs the
 * runner), when the hook only builds: yargs-parser's `rimraf build && tsc -p tsconfig.test.json` compiles
 * what its tests import (older commits add `cross-env NODE_ENV=test npm run build:cjs`, a rollup). A hook
 * that lints or runs anything else is left out.
 */
export function pretestBuild(scripts: Record<string, string>, script: string): string | undefined {
  for (const name of new Set(['pretest', `pre${script}`])) {
    const hook = scripts[name];
    if (hook !== undefined && onlyBuilds(scripts, hook)) return hook;
  }
  return undefined;
}
