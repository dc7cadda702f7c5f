import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShellSession } from './shell-session.js';
import { toolBench, type ToolBench } from './test-session.js';

let bench: ToolBench;
let root: string;
beforeAll(async () => {
  process.env.LF_TOOLS_TEST_TOKEN = 'not-for-the-agent';
  bench = await toolBench();
  root = bench.sandbox.workdir;
});
afterAll(async () => {
  delete process.env.LF_TOOLS_TEST_TOKEN;
  await bench?.close();
});

const bash = (command: string, extra: Record<string, unknown> = {}) =>
  bench.call('execute_bash', { command, ...extra });
const edit = (args: Record<string, unknown>) => bench.call('str_replace_editor', args);

describe('execute_bash', () => {
  it('keeps the working directory, exported variables and functions between calls', async () => {
    await bash('cd src && export GREETING=hello && shout() { echo "$1!"; }');
    const result = await bash('pwd; echo $GREETING; shout hey');
    expect(result.observation).toMatch(
      new RegExp(`^${root}/src\\nhello\\nhey!\\n\\[Current working directory: ${root}/src\\]\\n`),
    );
    expect(result.observation).toMatch(/\[Command finished with exit code 0\]$/);
    await bash(`cd ${root}`);
  });

  it('reports the exit code and keeps secret-looking variables out of the shell', async () => {
    const result = await bash('echo "token=${LF_TOOLS_TEST_TOKEN:-unset}"; exit 3');
    expect(result.exitCode).toBe(3);
    expect(result.observation).toMatch(/^token=unset\n/);
    expect(result.observation).toMatch(/\[Command finished with exit code 3\]$/);
  });

  it('cuts output longer than 30,000 characters to its head and tail', async () => {
    const result = await bash("python3 -c \"print('a' * 20000 + 'b' * 20000)\"");
    const output = result.observation.split('\n[Current working directory')[0]!;
    expect(output.startsWith('a'.repeat(15_000) + '\n[... ')).toBe(true);
    expect(output.endsWith('b'.repeat(15_000))).toBe(true);
    expect(output).toContain('characters of output truncated');
  });

  it('runs commands with quotes, backslashes, newlines and non-ASCII text exactly as written', async () => {
    const result = await bash(`printf '%s|' 'a"b' "c'd" 'e\\f' 'é'\necho "second line"`);
    expect(result.observation).toMatch(/^a"b\|c'd\|e\\f\|é\|second line\n/);
  });

  it('runs a new command once one that outlived its limit has ended on its own', async () => {
    expect((await bash('sleep 1.5; echo late', { timeout: 1 })).shell).toBe('running');
    expect((await bash('echo too soon')).shell).toBe('rejected');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await bash('echo next')).observation).toMatch(/^next\n/);
  });

  it('reads nothing from a terminal: a command waiting for input gets end-of-file', async () => {
    const result = await bash('read -r line; echo "got [$line] $?"');
    expect(result.observation).toMatch(/^got \[\] 1\n/);
  });

  it('keeps a variable too large to report back, and forgets it once unset', async () => {
    await bash('export BIG=$(head -c 70000 /dev/zero | tr "\\0" x) SMALL=1');
    expect((await bash('echo ${#BIG} $SMALL')).observation).toMatch(/^70000 1\n/);
    await bash('unset BIG');
    expect((await bash('echo "[${BIG:-}]" $SMALL')).observation).toMatch(/^\[\] 1\n/);
  });

  it('drops an inherited variable the command unexported, and keeps an inherited one it changed', async () => {
    await bash('export -n HOME; export PATH="/opt/lf-test:$PATH"');
    const result = await bash('env | grep -c "^HOME="; echo "${PATH%%:*}"');
    expect(result.observation).toMatch(/^0\n\/opt\/lf-test\n/);
    await bash(`export HOME=${process.env.HOME ?? '/root'} PATH="\${PATH#/opt/lf-test:}"`);
  });

  it('rewrites its state in place and creates each output file one command ahead', async () => {
    const listing = (await bash('ls "${TMPDIR:-/tmp}"/lf-shell-*/')).observation.split('\n[Current')[0]!;
    const names = listing.split('\n');
    const outputs = names.filter((name) => name.startsWith('out.')).map((name) => Number(name.slice(4)));
    expect(names.filter((name) => !name.startsWith('out.'))).toEqual(['exit', 'fifo', 'pids', 'state.sh']);
    expect(outputs.sort((a, b) => a - b)).toEqual(outputs.map((_, i) => i + 1));
    expect(outputs.length).toBeGreaterThan(5);
  });

  it('kills what a command left running in the background when the session closes', async () => {
    const own = await ShellSession.start(bench.sandbox);
    await own.run('(sleep 1; touch late-marker) > /dev/null 2>&1 &', 10);
    await own.close();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await bench.sandbox.exec('ls late-marker')).exitCode).not.toBe(0);
  });
});

describe('str_replace_editor', () => {
  const file = () => `${root}/src/app.py`;

  it('views files with line numbers, ranges, and directories two levels deep without hidden entries', async () => {
    expect((await edit({ command: 'view', path: file() })).observation).toBe(
      `Contents of ${file()}, numbered like cat -n:\n     1\tdef add(a, b):\n     2\t    return a + b\n     3\t`,
    );
    expect((await edit({ command: 'view', path: file(), view_range: [2, -1] })).observation).toContain(
      '     2\t    return a + b',
    );
    const listing = (await edit({ command: 'view', path: root })).observation;
    expect(listing).toContain(`${root}/src/app.py`);
    expect(listing).not.toContain('.git');
    expect((await edit({ command: 'view', path: file(), view_range: [5, 9] })).observation).toMatch(
      /^ERROR: Invalid `view_range`/,
    );
  });

  it('creates, replaces unique text, inserts and undoes; refuses ambiguous or missing text', async () => {
    const path = `${root}/pkg/new.py`;
    expect((await edit({ command: 'create', path, file_text: 'x = 1\nx = 1\n' })).observation).toBe(
      `Created ${path}.`,
    );
    expect((await edit({ command: 'create', path, file_text: '' })).observation).toMatch(
      /^ERROR: .* already exists/,
    );
    expect(
      (await edit({ command: 'str_replace', path, old_str: 'x = 1', new_str: 'y' })).observation,
    ).toMatch(/^ERROR: Nothing was replaced: `old_str` occurs 2 times .* lines 1, 2\./);
    expect(
      (await edit({ command: 'str_replace', path, old_str: 'x = 1\nx', new_str: 'x = 1\ny' })).observation,
    ).toContain('     2\ty = 1');
    expect((await edit({ command: 'insert', path, insert_line: 0, new_str: '# top' })).observation).toContain(
      '     1\t# top',
    );
    expect((await bash(`cat ${path}`)).observation).toMatch(/^# top\nx = 1\ny = 1\n/);
    await edit({ command: 'undo_edit', path });
    await edit({ command: 'undo_edit', path });
    expect((await bash(`cat ${path}`)).observation).toMatch(/^x = 1\nx = 1\n/);
    expect((await edit({ command: 'undo_edit', path })).observation).toMatch(
      /creation of .* undone|file is gone/,
    );
    expect((await bash(`test -e ${path}; echo $?`)).observation).toMatch(/^1\n/);
  });

  it('answers relative paths, binary files and missing parameters with ERROR observations', async () => {
    expect((await edit({ command: 'view', path: 'src/app.py' })).observation).toBe(
      `ERROR: The path src/app.py is not absolute. Give a path that starts with /, e.g. ${root}/src/app.py.`,
    );
    expect((await edit({ command: 'view', path: `${root}/data.bin` })).observation).toMatch(
      /^ERROR: .* not UTF-8 text/,
    );
    expect((await edit({ command: 'create', path: `${root}/x.txt` })).observation).toBe(
      'ERROR: The parameter `file_text` is required for the `create` command.',
    );
    expect((await edit({ command: 'view', path: `${root}/nope.py` })).observation).toBe(
      `ERROR: The path ${root}/nope.py does not exist.`,
    );
  });
});
