import { shellQuote } from '../../harness/shell.js';

/**
 * The bash scripts behind the persistent shell. Each command runs as a background job of one sandbox
 * exec: a forked subshell that drops the exec's own environment, restores the session's saved state
 * (exported variables, functions, working directory), evals the command with stdin from /dev/null and
 * its output in a file, and on exit saves the state and reports on a FIFO. The launcher waits on that
 * FIFO up to the time limit, so a command that outlives it keeps running and later execs can wait for it
 * or interrupt it. Jobs start under job control (`set -m`), so each has its own process group and does
 * not ignore SIGINT, as background jobs of a non-interactive shell otherwise do. Builtins replace
 * processes wherever they can: every process started costs milliseconds per step.
 */

/** Names of environment variables that never reach the agent's shell (matched case-insensitively). */
export const secretNamePatterns = [
  '*KEY*',
  '*TOKEN*',
  '*SECRET*',
  '*PASSW*',
  '*CREDENTIAL*',
  '*AUTH*',
  '*COOKIE*',
];

/** Output files up to this many characters are printed by a builtin; larger ones by cat. */
const smallOutput = 65536;

const ansiEscapes: Record<string, string> = {
  '\\': '\\\\',
  "'": "\\'",
  '\n': '\\n',
  '\t': '\\t',
  '\r': '\\r',
};

/** Quotes `text` as one bash word on one line (ANSI-C `$'...'` quoting). */
export function ansiQuote(text: string): string {
  let quoted = '';
  for (const char of text) {
    const code = char.charCodeAt(0);
    const control = code < 0x20 || code === 0x7f;
    quoted += ansiEscapes[char] ?? (control ? `\\x${code.toString(16).padStart(2, '0')}` : char);
  }
  return `$'${quoted}'`;
}

/**
 * The first line of a launcher: sets the job's variables, opens the FIFO, and forks the job, a subshell
 * that drops the exec's environment, restores the session state and evals the command. On one line so
 * bash reports the command's own line numbers.
 */
function jobLine(dir: string, n: number, command: string, execEnvNames: string[]): string {
  return [
    `__lf_dir=${shellQuote(dir)}; __lf_job=${n}; __lf_cmd=${ansiQuote(command)};`,
    'exec 3<>"$__lf_dir/fifo"; set -m;',
    '( exec 3>&-;',
    `unset ${execEnvNames.join(' ')} 2>/dev/null;`,
    '. "$__lf_dir/state.sh" >/dev/null 2>&1;',
    '__lf_save() {',
    '__lf_status=$?;',
    `{ export -p; declare -f; printf 'cd -- %q\\n' "$PWD"; } > "$__lf_dir/state.sh" 2>/dev/null;`,
    `{ printf '%s\\n%s\\n' "$__lf_status" "$PWD"; type -P python || type -P python3 || echo; } > "$__lf_dir/exit.$__lf_job" 2>/dev/null;`,
    `{ exec 4<>"$__lf_dir/fifo" && printf '%s\\n' "$__lf_job" >&4; } 2>/dev/null;`,
    '};',
    "trap __lf_save EXIT; trap 'exit 130' INT;",
    'eval "$__lf_cmd"',
    ') > "$__lf_dir/out.$__lf_job" 2>&1 < /dev/null & set +m;',
    'printf \'%s\' $! > "$__lf_dir/pid.$__lf_job"',
  ].join(' ');
}

/** Variables and functions every launcher, wait and interrupt script uses after the job started. */
function helpers(dir: string, n: number): string {
  return [
    `d=${shellQuote(dir)}; n=${n}`,
    `__lf_alive() { local s; read -r s < "/proc/$1/stat" 2>/dev/null || return 1; s=\${s##*) }; [ "\${s%% *}" != Z ]; }`,
  ].join('\n');
}

function preamble(dir: string, n: number): string {
  return [helpers(dir, n), 'exec 3<>"$d/fifo"'].join('\n');
}

/** Prints the output from byte `offset`: a small finished output with a builtin, else with cat/head/tail. */
function printOutput(offset: number): string {
  if (offset > 0)
    return `{ if [ $sz = - ]; then cat "$d/out.$n"; else head -c "$sz" "$d/out.$n"; fi; } | tail -c +${offset + 1}`;
  return [
    `if [ $sz = - ]; then IFS= read -r -d '' -N ${smallOutput} o < "$d/out.$n" 2>/dev/null`,
    `  if [ \${#o} -lt ${smallOutput} ]; then printf '%s' "$o"; else cat "$d/out.$n"; fi`,
    `else head -c "$sz" "$d/out.$n"; fi`,
  ].join('\n');
}

/** Waits up to `seconds` for job `n`, then prints `STATE SIZE`, its exit file and its output. */
function waitAndReport(seconds: number, offset: number): string {
  return [
    'st=running',
    'if [ -e "$d/exit.$n" ]; then st=done; else',
    `  while read -t ${seconds} -u 3 m; do [ "$m" = "$n" ] && { st=done; break; }; done`,
    'fi',
    'if [ $st = running ] && ! __lf_alive "$(< "$d/pid.$n")"; then [ -e "$d/exit.$n" ] && st=done || st=gone; fi',
    'if [ $st = done ]; then sz=-; else sz=$(stat -c %s "$d/out.$n"); fi',
    `printf '%s %s\\n' "$st" "$sz"`,
    'a=; b=; c=; [ $st = done ] && { read -r a; read -r b; read -r c; } < "$d/exit.$n"',
    `printf '%s\\n%s\\n%s\\n' "$a" "$b" "$c"`,
    printOutput(offset),
  ].join('\n');
}

/** Creates the session directory with its FIFO and the initial state; prints the directory and the exec's variable names. */
export function initScript(workdir: string, secretNames: string[], token: string): string {
  const patterns = [...secretNamePatterns, ...secretNames.map((name) => shellQuote(name))].join('|');
  return [
    'set -e',
    `d="\${TMPDIR:-/tmp}/lf-shell-${token}"`,
    'mkdir -p "$d"; chmod 700 "$d"; rm -f "$d/fifo"; mkfifo "$d/fifo"',
    `printf '%s\\n' "$d"; compgen -e | tr '\\n' ' '`,
    'shopt -s nocasematch',
    `for v in $(compgen -e); do case "$v" in ${patterns}) unset "$v";; esac; done`,
    'export PAGER=cat GIT_PAGER=cat PIP_NO_INPUT=1 DEBIAN_FRONTEND=noninteractive',
    `{ export -p; printf 'cd -- %q\\n' ${shellQuote(workdir)}; } > "$d/state.sh"`,
  ].join('\n');
}

/** Starts command number `n` as a background job and waits up to `seconds` for it. */
export function launchScript(
  dir: string,
  execEnvNames: string[],
  n: number,
  command: string,
  seconds: number,
): string {
  return [jobLine(dir, n, command, execEnvNames), helpers(dir, n), waitAndReport(seconds, 0)].join('\n');
}

/** Waits up to `seconds` more for job `n`, reporting its output from byte `offset`. */
export function waitScript(dir: string, n: number, seconds: number, offset: number): string {
  return [preamble(dir, n), waitAndReport(seconds, offset)].join('\n');
}

/** Sends SIGINT to job `n`'s process group, then SIGKILL if it is still there after `graceSeconds`. */
export function interruptScript(dir: string, n: number, graceSeconds: number, offset: number): string {
  return [
    preamble(dir, n),
    'p=$(< "$d/pid.$n")',
    'kill -INT -- "-$p" 2>/dev/null',
    `for i in $(seq ${graceSeconds * 10}); do __lf_alive "$p" || break; sleep 0.1; done`,
    '__lf_alive "$p" && kill -KILL -- "-$p" 2>/dev/null && sleep 0.1',
    waitAndReport(1, offset),
  ].join('\n');
}

/** Kills the process group of every job the session started (each job leads its own group). */
export function killAllScript(dir: string, jobs: number): string {
  return [
    preamble(dir, 0),
    `for n in $(seq ${jobs}); do p=$(< "$d/pid.$n") 2>/dev/null && kill -KILL -- "-$p" 2>/dev/null; done`,
    'true',
  ].join('\n');
}
