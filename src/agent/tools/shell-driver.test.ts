import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localProvider } from '../../sandbox/local.js';
import type { Sandbox } from '../../sandbox/sandbox.js';
import { makeTestRepo, removeTestRepo } from '../../sandbox/test-repo.js';
import { ShellDriver } from './shell-driver.js';

const limits = { timeoutMs: 20_000, maxOutputBytes: 1024 * 1024 };

describe('the shell driver', () => {
  let repo: string;
  let sandbox: Sandbox;
  let driver: ShellDriver;
  beforeAll(async () => {
    repo = await makeTestRepo();
    sandbox = await localProvider().create({ repoDir: repo, env: { LF_DRIVER_TEST: 'hidden' } });
    driver = await ShellDriver.start(sandbox);
  });
  afterAll(async () => {
    await driver?.close();
    await sandbox?.close();
    await removeTestRepo(repo);
  });

  it('runs each script in a fresh subshell and reports its exit status', async () => {
    expect(await driver.exec('x=1; cd /tmp; echo "$x $PWD"; exit 3', limits)).toMatchObject({
      exitCode: 3,
      output: '1 /tmp\n',
      timedOut: false,
      truncatedBytes: 0,
    });
    expect(await driver.exec('echo "[$x] $PWD" >&2', limits)).toMatchObject({
      exitCode: 0,
      output: `[] ${sandbox.workdir}\n`,
    });
  });

  it('returns output holding NUL bytes and a forged end marker intact', async () => {
    const result = await driver.exec("printf 'a\\0b\\0deadbeef 0\\nc'", limits);
    expect(result).toMatchObject({ exitCode: 0, output: 'a\0b\0deadbeef 0\nc' });
  });

  it('counts scripts in bytes: multi-byte text and a script larger than a pipe buffer', async () => {
    expect((await driver.exec("echo 'héllo → wörld'", limits)).output).toBe('héllo → wörld\n');
    const big = `v='${'é'.repeat(150_000)}'; echo \${#v}`;
    expect((await driver.exec(big, limits)).output).toBe('150000\n');
    expect((await driver.exec("printf '\\377\\376 ok\\n'", limits)).output).toBe('\uFFFD\uFFFD ok\n');
  });

  it('gives a script that reads stdin end-of-file, and the next request still runs', async () => {
    expect(await driver.exec('cat; read -r line; echo "read $?"', limits)).toMatchObject({
      exitCode: 0,
      output: 'read 1\n',
    });
    expect((await driver.exec('echo next', limits)).output).toBe('next\n');
  });

  it('keeps the head and tail of a large output and counts the dropped bytes', async () => {
    const result = await driver.exec('seq 1 1000', { ...limits, maxOutputBytes: 10 });
    expect(result).toMatchObject({ exitCode: 0, truncatedBytes: 3893 - 10 });
    expect(result.output).toBe('1\n2\n3\n[... 3883 bytes truncated ...]\n1000\n');
  });

  it('runs requests made at once one after another, each with its own answer', async () => {
    const answers = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => driver.exec(`sleep 0.0${n}; echo ${n}`, limits)),
    );
    expect(answers.map((answer) => answer.output)).toEqual(['1\n', '2\n', '3\n', '4\n', '5\n']);
  });

  it('is killed by a request that outlives its limit; later requests fail with sandbox_failed', async () => {
    const own = await ShellDriver.start(sandbox);
    await own.exec('(while :; do date +%s%N > beat; sleep 0.05; done) > /dev/null 2>&1 &', limits);
    await expect(own.exec('sleep 30', { ...limits, timeoutMs: 500 })).rejects.toMatchObject({
      code: 'sandbox_failed',
      message: expect.stringMatching(/ended: a request ran past its 0\.5 s limit$/),
    });
    await expect(own.exec('echo again', limits)).rejects.toMatchObject({ code: 'sandbox_failed' });
    const beat = async () => Buffer.from(await sandbox.readFile('beat')).toString();
    const last = await beat();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await beat()).toBe(last);
  });

  it('fails the request in flight when its process dies, keeping what it had written', async () => {
    const own = await ShellDriver.start(sandbox);
    // In a subshell $$ is still the driver's pid.
    await expect(own.exec('echo partial; kill -KILL $$; sleep 30', limits)).rejects.toMatchObject({
      code: 'sandbox_failed',
      message: expect.stringMatching(/ended: it exited with status 137; it had written: partial\n$/),
    });
    await own.close();
  });

  it('leaves out the variables it is told to, even from its /proc entry', async () => {
    const own = await ShellDriver.start(sandbox, ['LF_DRIVER_TEST']);
    const script = 'echo "${LF_DRIVER_TEST-unset}"; tr "\\0" "\\n" < /proc/$$/environ | grep -c LF_DRIVER';
    expect((await own.exec(script, limits)).output).toBe('unset\n0\n');
    await own.close();
  });
});
