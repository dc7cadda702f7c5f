import { shellQuote } from '../../harness/shell.js';

/**
 * The bash scripts behind the persistent shell, each run as one request to the shell driver. Each command
 * runs as a background job of its request: a forked subshell that turns the exec's environment into the session's saved state (exported
 * variables, functions, working directory), evals the command with stdin from /dev/null and its output
 * in a file, and on exit saves the state and reports on a FIFO. The launcher waits on that
 * FIFO up to the time limit, so a command that outlives it keeps running and later execs can wait for it
 * or interrupt it. Jobs start under job control (`set -m`), so each has its own process group and does
 * not ignore SIGINT, as background jobs of a non-interactive shell otherwise do.
 *
 * The job restores the state with a script the session computes from the state the previous job reported
 * (see StateRestore), so it redeclares only what differs from the exec's environment. The session
 * directory (shell-init.ts) holds the FIFO, `pids` (job number and pid, one line each), `state.sh` and
 * `exit` (both rewritten in place and ended by NUL, so stale bytes after it are never read), and one
 * `out.N` per command, created empty by the job before once it has reported. Creating a file, or
 * truncating one that holds data, can cost a millisecond or more (ext4 allocating an inode, discarding
 * freed blocks): more than all the rest a job does. Builtins replace processes wherever they can, for
 * the same reason.
 */

/** Output files up to this many bytes are printed by a builtin; larger ones by cat. */
const smallOutput = 65536;

/** Where a session keeps its files, and how many bytes of saved state a report may carry. */
export interface SessionFiles {
  dir: string;
  /** A larger state stays on disk for the next job to read: a report cut by the exec's cap loses it. */
  reportedStateBytes: number;
}

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
 * The job's EXIT trap: saves the state (`export -p`, NUL, `declare -f` and the `cd`, NUL) leaving itself
 * out, writes its exit status, cwd, python and number to `exit`, says so on the FIFO, then creates the
 * next command's output file.
 */
const saveFunction = [
  '__lf_save() {',
  '__lf_status=$?; unset -f __lf_save; exec 2>/dev/null;',
  `{ export -p; printf '\\0'; declare -f; printf 'cd -- %q\\n\\0' "$PWD"; } 1<> "$__lf_dir/state.sh";`,
  `{ printf '%s\\n%s\\n' "$__lf_status" "$PWD"; type -P python || type -P python3 || echo;`,
  `printf '%s\\n\\0' "$__lf_job"; } 1<> "$__lf_dir/exit";`,
  `exec 4<>"$__lf_dir/fifo" && printf '%s\\n' "$__lf_job" >&4;`,
  ': >> "$__lf_dir/out.$((__lf_job + 1))";',
  '};',
].join(' ');

/** Restores the state the last command saved on disk: for a session whose state is not known here. */
function restoreFromDisk(execEnvNames: string[]): string {
  return [
    `unset ${execEnvNames.join(' ')}`,
    `{ IFS= read -r -d '' __lf_vars; IFS= read -r -d '' __lf_code; } < "$__lf_dir/state.sh"`,
    'eval "$__lf_vars"; eval "$__lf_code"; unset __lf_vars __lf_code',
  ].join('\n');
}

/**
 * The first line of a launcher: sets the job's variables, opens the FIFO, forks the job (a subshell that
 * runs the restore script and evals the command) and records its pid. On one line so bash reports the
 * command's own line numbers.
 */
function jobLine(dir: string, n: number, command: string, restore: string): string {
  return [
    `__lf_dir=${shellQuote(dir)}; __lf_job=${n}; __lf_cmd=${ansiQuote(command)};`,
    `__lf_restore=${ansiQuote(restore)};`,
    'exec 3<>"$__lf_dir/fifo"; set -m;',
    '( exec 3>&-; { eval "$__lf_restore"; } >/dev/null 2>&1; unset __lf_restore __lf_request;',
    saveFunction,
    "trap __lf_save EXIT; trap 'exit 130' INT;",
    'eval "$__lf_cmd"',
    ') > "$__lf_dir/out.$__lf_job" 2>&1 < /dev/null & set +m;',
    `p=$!; printf '%s %s\\n' "$__lf_job" $p >> "$__lf_dir/pids"`,
  ].join(' ');
}

/** Variables and functions every launcher, wait and interrupt script uses after the job started. */
function helpers(dir: string, n: number): string {
  return [
    // Byte counts and reads from here on: the job is forked already and keeps its own locale.
    `d=${shellQuote(dir)}; n=${n}; LC_ALL=C`,
    `__lf_alive() { local s; read -r s 2>/dev/null < "/proc/$1/stat" || return 1; s=\${s##*) }; [ "\${s%% *}" != Z ]; }`,
    // Sets a, b, c (exit status, cwd, python) when `exit` holds job n's complete record.
    `__lf_exited() { local x; IFS= read -r -d '' x < "$d/exit"; case $x in *$'\\n'"$n"$'\\n') ;; *) return 1;; esac;`,
    `  a=\${x%%$'\\n'*}; x=\${x#*$'\\n'}; b=\${x%%$'\\n'*}; x=\${x#*$'\\n'}; c=\${x%%$'\\n'*}; }`,
  ].join('\n');
}

/** Helpers, the FIFO, and job n's pid as `p`, for the scripts that act on a job started earlier. */
function preamble(dir: string, n: number): string {
  return [
    helpers(dir, n),
    'exec 3<>"$d/fifo"',
    'p=; while read -r k q; do [ "$k" = "$n" ] && p=$q; done < "$d/pids"',
  ].join('\n');
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

/**
 * Prints the report's header (`STATE SIZE`, exit status, cwd, python, and how the state follows) and, for
 * a finished job, the state it saved: `=` and the two NUL-ended parts; `?` when larger than `limit` bytes,
 * so the next job reads it from disk; `.` for none.
 */
function reportState(limit: number): string {
  return [
    "k=.; v=; f=; if [ $st = done ]; then k='='",
    `  { IFS= read -r -d '' v; IFS= read -r -d '' f; } < "$d/state.sh"`,
    `  [ $(( \${#v} + \${#f} )) -le ${limit} ] || { k='?'; v=; f=; }`,
    'fi',
    `printf '%s %s\\n%s\\n%s\\n%s\\n%s\\n' "$st" "$sz" "$a" "$b" "$c" "$k"`,
    `[ "$k" = '=' ] && printf '%s\\0%s\\0' "$v" "$f"`,
  ].join('\n');
}

/**
 * Waits up to `seconds` for job `n` (pid `p`), then prints `STATE SIZE`, its exit record and its output.
 * A job that ended while no exec held the FIFO took its message with it, so a later look reads `exit`
 * first; the launcher holds the FIFO from before the fork, so it goes straight to the FIFO.
 */
function waitAndReport(files: SessionFiles, seconds: number, offset: number, launcher = false): string {
  const wait = [
    `while read -t ${seconds} -u 3 m; do [ "$m" = "$n" ] && { st=done; break; }; done`,
    'if [ $st = done ]; then __lf_exited; elif ! __lf_alive "$p"; then __lf_exited && st=done || st=gone; fi',
  ].join('\n');
  return [
    'st=running; a=; b=; c=',
    launcher ? wait : `if __lf_exited; then st=done; else\n${wait}\nfi`,
    'if [ $st = done ]; then sz=-; else sz=$(stat -c %s "$d/out.$n"); fi',
    reportState(files.reportedStateBytes),
    printOutput(offset),
  ].join('\n');
}

/**
 * Starts command number `n` as a background job and waits up to `seconds` for it. The job first runs
 * `restore` (see StateRestore); null makes it read the state the last command saved on disk.
 */
export function launchScript(
  files: SessionFiles,
  execEnvNames: string[],
  n: number,
  command: string,
  seconds: number,
  restore: string | null,
): string {
  const job = jobLine(files.dir, n, command, restore ?? restoreFromDisk(execEnvNames));
  return [job, helpers(files.dir, n), waitAndReport(files, seconds, 0, true)].join('\n');
}

/** Waits up to `seconds` more for job `n`, reporting its output from byte `offset`. */
export function waitScript(files: SessionFiles, n: number, seconds: number, offset: number): string {
  return [preamble(files.dir, n), waitAndReport(files, seconds, offset)].join('\n');
}

/** Sends SIGINT to job `n`'s process group, then SIGKILL if it is still there after `graceSeconds`. */
export function interruptScript(
  files: SessionFiles,
  n: number,
  graceSeconds: number,
  offset: number,
): string {
  return [
    preamble(files.dir, n),
    'kill -INT -- "-$p" 2>/dev/null',
    `for i in $(seq ${graceSeconds * 10}); do __lf_alive "$p" || break; sleep 0.1; done`,
    '__lf_alive "$p" && kill -KILL -- "-$p" 2>/dev/null && sleep 0.1',
    waitAndReport(files, 1, offset),
  ].join('\n');
}

/** Kills the process group of every job the session started (each job leads its own group). */
export function killAllScript(dir: string): string {
  return `while read -r n p; do kill -KILL -- "-$p" 2>/dev/null; done < ${shellQuote(`${dir}/pids`)}; true`;
}
