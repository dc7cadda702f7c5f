import { simpleCommands } from './shell-words.js';

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

/**
 * The build npm runs before the tests (the `pre<script>` hook of `test` or of the script that runs the
 * runner), when the hook only builds: yargs-parser's `rimraf build && tsc -p tsconfig.test.json` compiles
 * what its tests import. A hook that lints or runs other scripts is left out.
 */
export function pretestBuild(scripts: Record<string, string>, script: string): string | undefined {
  for (const name of new Set(['pretest', `pre${script}`])) {
    const hook = scripts[name];
    if (hook === undefined) continue;
    const tools = simpleCommands(hook).map((command) => command.words[0] ?? '');
    const onlyBuilds = tools.every((tool) => BUILDERS.has(tool) || FILE_TOOLS.has(tool));
    if (onlyBuilds && tools.some((tool) => BUILDERS.has(tool))) return hook;
  }
  return undefined;
}
