import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { LegoError } from '../errors.js';
import type { ConformanceContext } from './conformance.case.js';
import type { Sandbox } from './sandbox.js';
import { binaryBytes, git } from './test-repo.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

async function sha(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

/** Every non-ignored file present in a checkout with its content hash. */
async function snapshot(repo: string): Promise<Record<string, string>> {
  const listed = (await git(repo, 'ls-files', '-co', '--exclude-standard', '-z')).split('\0').filter(Boolean);
  const files = listed.filter((file) => existsSync(join(repo, file))).sort();
  const entries = await Promise.all(files.map(async (file) => [file, await sha(join(repo, file))]));
  return Object.fromEntries(entries);
}

/** Files in and out, diff() and close(). */
export function filesConformance(context: ConformanceContext): void {
  describe('files', () => {
    let sandbox: Sandbox;
    beforeAll(async () => {
      ({ sandbox } = await context.open());
    });

    it('round-trips binary content at relative and absolute paths, creating directories', async () => {
      const bytes = Buffer.concat([binaryBytes, Buffer.from([0xff, 0xfe, 0x00, 0xc3])]);
      await sandbox.writeFile('nested/dir/blob.bin', bytes);
      expect(hex(await sandbox.readFile('nested/dir/blob.bin'))).toBe(hex(bytes));
      expect((await sandbox.exec("od -An -v -tx1 nested/dir/blob.bin | tr -d ' \\n'")).output).toBe(
        hex(bytes),
      );
      await sandbox.writeFile(`${sandbox.workdir}/abs.txt`, 'héllo\n');
      expect((await sandbox.exec('cat abs.txt')).output).toBe('héllo\n');
      expect(Buffer.from(await sandbox.readFile(`${sandbox.workdir}/abs.txt`)).toString('utf8')).toBe(
        'héllo\n',
      );
    });

    it('keeps the mode of a rewritten file and follows symlinks when reading', async () => {
      await sandbox.writeFile('script.sh', '#!/bin/sh\necho changed\n');
      expect((await sandbox.exec('./script.sh')).output).toBe('changed\n');
      await sandbox.exec('ln -s src/app.py link.py');
      expect(Buffer.from(await sandbox.readFile('link.py')).toString()).toContain('def add');
    });

    it('rejects reading a missing file or a directory with bad_input', async () => {
      await expect(sandbox.readFile('no/such.txt')).rejects.toMatchObject({ code: 'bad_input' });
      await expect(sandbox.readFile('src')).rejects.toBeInstanceOf(LegoError);
    });
  });

  describe('diff', () => {
    it('shows modified, deleted, new and binary files as a patch git apply accepts on a fresh clone', async () => {
      const { sandbox, repo } = await context.open();
      const indexBefore = await sha(join(repo, '.git/index'));
      await sandbox.exec('echo "line three" >> README.md && rm src/app.py && echo noise > ignored.log');
      await sandbox.writeFile('ünï côde.txt', 'new text\n');
      await sandbox.writeFile('new.bin', binaryBytes.subarray(0, 300));
      await sandbox.writeFile('data.bin', Buffer.concat([binaryBytes, Buffer.from([1, 2, 3])]));
      const patch = await sandbox.diff();
      expect(patch).toContain('diff --git a/README.md b/README.md');
      expect(patch).toContain('deleted file mode 100644');
      expect(patch).toContain('diff --git a/ünï côde.txt b/ünï côde.txt');
      expect(patch.match(/GIT binary patch/g)?.length).toBe(2);
      expect(patch).not.toContain('ignored.log');
      expect(await sha(join(repo, '.git/index'))).toBe(indexBefore);
      expect(await git(repo, 'status', '--porcelain')).toContain('?? new.bin');

      const fresh = join(repo, '..', 'fresh');
      await git(repo, 'clone', '-q', repo, fresh);
      await writeFile(join(fresh, '..', 'change.patch'), patch);
      await git(fresh, 'apply', '--whitespace=nowarn', join(fresh, '..', 'change.patch'));
      expect(await snapshot(fresh)).toEqual(await snapshot(repo));
    });

    it('diffs against the base commit even after a commit in the sandbox, and is empty when clean', async () => {
      const { sandbox } = await context.open();
      expect(await sandbox.diff()).toBe('');
      const identity = '-c user.name=t -c user.email=t@t.invalid';
      await sandbox.exec(`echo extra >> README.md && git ${identity} commit -qam change`);
      expect(await sandbox.diff()).toContain('+extra');
    });
  });

  describe('close', () => {
    it('cleans up, background processes included, and refuses further use', async () => {
      const { sandbox, spec } = await context.open();
      const started = await sandbox.exec('sleep 600 >/dev/null 2>&1 & echo $!');
      const backgroundPid = Number(started.output.trim());
      expect(backgroundPid).toBeGreaterThan(0);
      await sandbox.close();
      await expect(sandbox.exec('true')).rejects.toMatchObject({ code: 'sandbox_failed' });
      await context.target.assertClosed({ sandbox, spec, backgroundPid });
      await sandbox.close();
    });

    it('closeAll closes every sandbox the provider still has open', async () => {
      const provider = context.target.provider();
      const first = await context.open({}, provider);
      const second = await context.open({}, provider);
      await first.sandbox.close();
      await provider.closeAll();
      for (const { sandbox, spec } of [first, second]) {
        await expect(sandbox.exec('true')).rejects.toMatchObject({ code: 'sandbox_failed' });
        await context.target.assertClosed({ sandbox, spec, backgroundPid: -1 });
      }
    });
  });
}
