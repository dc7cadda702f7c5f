import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstTarEntry, tarOneFile } from './tar.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lf-tar-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const bytes = Buffer.from(Array.from({ length: 1300 }, (_, i) => i % 256));

describe('tarOneFile', () => {
  it('writes an archive GNU tar extracts byte for byte with its mode', async () => {
    await writeFile(join(dir, 'one.tar'), tarOneFile('sub/bin.dat', bytes, 0o755));
    await execa('tar', ['-xf', 'one.tar'], { cwd: dir });
    expect(Buffer.compare(await readFile(join(dir, 'sub/bin.dat')), bytes)).toBe(0);
    const { stdout } = await execa('stat', ['-c', '%a', join(dir, 'sub/bin.dat')]);
    expect(stdout).toBe('755');
  });

  it('puts long and non-ASCII names in a PAX header', async () => {
    const name = `${'d'.repeat(120)}/ünï côde.txt`;
    await writeFile(join(dir, 'long.tar'), tarOneFile(name, Buffer.from('x'), 0o644));
    const { stdout } = await execa('tar', ['-tf', 'long.tar'], { cwd: dir });
    expect(stdout).toBe(name);
  });
});

describe('firstTarEntry', () => {
  it('reads what GNU tar writes, PAX names included', async () => {
    const name = `${'n'.repeat(110)}é.bin`;
    await writeFile(join(dir, name), bytes);
    const { stdout } = await execa('tar', ['--format=pax', '-cf', '-', name], {
      cwd: dir,
      encoding: 'buffer',
    });
    const entry = firstTarEntry(Buffer.from(stdout));
    expect(entry?.name).toBe(name);
    expect(entry?.type).toBe('0');
    expect(Buffer.compare(entry!.data, bytes)).toBe(0);
  });

  it('reports symlinks with their target and an empty archive as undefined', async () => {
    await execa('ln', ['-s', 'target/file.txt', join(dir, 'link')]);
    const { stdout } = await execa('tar', ['-cf', '-', 'link'], { cwd: dir, encoding: 'buffer' });
    expect(firstTarEntry(Buffer.from(stdout))).toMatchObject({
      name: 'link',
      type: '2',
      linkName: 'target/file.txt',
    });
    expect(firstTarEntry(Buffer.alloc(1024))).toBeUndefined();
  });

  it('round-trips its own archives', () => {
    const entry = firstTarEntry(tarOneFile('a/b.txt', bytes, 0o600));
    expect(entry?.name).toBe('a/b.txt');
    expect(Buffer.compare(entry!.data, bytes)).toBe(0);
  });
});
