import { randomBytes } from 'node:crypto';
import type { EnvSpec } from '../schema/env.js';
import { nodePreloadSource } from './node-preload.js';
import { nodeTestReporterSource } from './node-test-reporter.js';
import { pytestPluginSource } from './pytest-plugin.js';
import { shellQuote } from './shell.js';

/**
 * The judge's private directory for one run, outside the checkout under the sandbox's own /tmp
 * (`$TMPDIR`), with a random name the patch cannot predict. It holds the runner's report, the pytest
 * plugin and the node preload (a random module name, so no module of the checkout shadows them) and a
 * key for each, which each deletes as it loads.
 */
export interface JudgeDir {
  /** The directory as commands in the sandbox see it; known once the setup script ran. */
  path: string;
  /** HMAC key the pytest plugin signs its report with; never in the checkout or an environment. */
  key: string;
  /**
   * The node preload's own key: a command that runs no node runner leaves its file unread, so it must
   * not be the key a pytest report is checked with (and the reverse).
   */
  nodeKey: string;
  /** Random part of the directory's name. */
  name: string;
  /**
   * Where the test script copies the reports once the runner has exited, in a directory under the
   * checkout's `.git` it empties and makes only then (so nothing placed there earlier survives): on the
   * host side of docker's bind mount, so reading them costs no round trip.
   */
  copy: string;
  /** Module name of the pytest plugin (`.py`) and of the node preload (`.cjs`). */
  module: string;
}

const marker = 'LF_JUDGE_DIR=';

/** A fresh judge dir: random name, keys and plugin module; `path` is filled by `judgeDirFrom`. */
export function newJudgeDir(): JudgeDir {
  const name = randomBytes(12).toString('hex');
  const [key, nodeKey] = [randomBytes(32).toString('hex'), randomBytes(32).toString('hex')];
  return { path: '', copy: randomBytes(12).toString('hex'), key, nodeKey, name, module: `lf_judge_${name}` };
}

/** A line that writes `content` to `name` in the judge dir with the shell's own printf (no process). */
function writeLine(name: string, content: string): string {
  return `printf %s ${shellQuote(content)} > "$lf_dir/${name}"`;
}

/** Shell lines that create the judge dir with its key and plugin, and print its path last. */
export function judgeDirScript(dir: JudgeDir): string[] {
  return [
    `lf_dir="\${TMPDIR:-/tmp}/lf-judge-${dir.name}"`,
    'mkdir -m 700 -p "$lf_dir"',
    writeLine('key', dir.key),
    writeLine('node-key', dir.nodeKey),
    writeLine(`${dir.module}.py`, pytestPluginSource),
    writeLine(`${dir.module}.cjs`, nodePreloadSource),
    writeLine('node-test-reporter.mjs', nodeTestReporterSource),
    `printf '[pytest]\\n' > "$lf_dir/no-config.ini"`,
    `printf 'export default {};\\n' > "$lf_dir/no-config.vitest.mjs"`,
    `printf '${marker}%s\\n' "$lf_dir"`,
  ];
}

/** The judge dir's path from the setup script's output (its last marker line); copies go below `scratch`. */
export function judgeDirFrom(output: string, dir: JudgeDir, scratch: string): JudgeDir | null {
  const line = output
    .split('\n')
    .reverse()
    .find((text) => text.startsWith(marker));
  if (line === undefined) return null;
  return { ...dir, path: line.slice(marker.length).trim(), copy: `${scratch}/judge-${dir.copy}` };
}

/** The reports the judge reads, as the test script copies them. */
export const reportFiles = ['report.json', 'runner-report', 'runner-report.signed'];

/**
 * The test script: `command` in a subshell (its `exit` ends only that), then the reports copied to
 * `dir.copy`, emptied and made only now; the script exits with the command's status.
 */
export function testScript(prelude: string[], command: string, dir: JudgeDir): string {
  const copy = shellQuote(dir.copy);
  const files = reportFiles.map((file) => shellQuote(`${dir.path}/${file}`)).join(' ');
  return [
    ...prelude,
    `(\n${command}\n)`,
    'lf_exit=$?',
    `rm -rf ${copy} && mkdir -p ${copy} && for f in ${files}; do if [ -f "$f" ]; then cp "$f" ${copy}/; fi; done`,
    'exit $lf_exit',
  ].join('\n');
}

/**
 * Shell lines that make every node process the test command starts load the judge's preload first
 * (see node-preload.ts), before the spec's own NODE_OPTIONS.
 */
export function nodePrelude(dir: JudgeDir): string[] {
  const preload = shellQuote(`--require "${dir.path}/${dir.module}.cjs"`);
  return [`export NODE_OPTIONS=${preload}"\${NODE_OPTIONS:+ $NODE_OPTIONS}"`];
}

/** Whether a test command runs pytest, so the plugin's report is the only source the judge accepts. */
export function runsPytest(spec: EnvSpec): boolean {
  return /\b(?:py\.test|pytest)\b/.test(spec.test_cmd);
}

/** pytest's config files in its own search order; the pyproject/tox/setup.cfg ones count with their section. */
const pytestConfigs: [file: string, section: string | null][] = [
  ['pytest.toml', null],
  ['.pytest.toml', null],
  ['pytest.ini', null],
  ['.pytest.ini', null],
  ['pyproject.toml', String.raw`^\[tool\.pytest(\.ini_options)?\]`],
  ['tox.ini', String.raw`^\[pytest\]`],
  ['setup.cfg', String.raw`^\[tool:pytest\]`],
];

/**
 * Shell lines that make any pytest the test command starts load the judge's plugin and use the
 * checkout's own config only: `-c` its config file (or an empty one, so pytest never searches above
 * the checkout), `--rootdir` and `--confcutdir` the checkout. The spec's own PYTEST_ADDOPTS follow.
 */
export function pytestPrelude(dir: JudgeDir, workdir: string): string[] {
  const root = workdir.replace(/\/+$/, '');
  const choose = pytestConfigs.map(([file, section]) => {
    const path = shellQuote(shellQuote(`${root}/${file}`));
    const test =
      section === null
        ? `[ -f ${shellQuote(file)} ]`
        : `[ -f ${shellQuote(file)} ] && grep -qE ${shellQuote(section)} ${shellQuote(file)}`;
    return `if [ -z "$lf_ini" ] && ${test}; then lf_ini=${path}; fi`;
  });
  const fixed = `-p ${dir.module} --rootdir=${shellQuote(root)} --confcutdir=${shellQuote(root)} -c `;
  return [
    `export LF_JUDGE_DIR=${shellQuote(dir.path)}`,
    `export PYTHONPATH=${shellQuote(dir.path)}"\${PYTHONPATH:+:$PYTHONPATH}"`,
    'lf_ini=',
    ...choose,
    `if [ -z "$lf_ini" ]; then lf_ini=${shellQuote(shellQuote(`${dir.path}/no-config.ini`))}; fi`,
    `export PYTEST_ADDOPTS=${shellQuote(fixed)}"$lf_ini\${PYTEST_ADDOPTS:+ $PYTEST_ADDOPTS}"`,
    'unset lf_ini',
  ];
}
