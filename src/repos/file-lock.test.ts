import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withFileLock } from './file-lock.js';
import { tempDir } from './test-repo.js';

let dir: string;
beforeAll(async () => {
  dir = await tempDir('lf-lock-test-');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('withFileLock', () => {
  it('runs holders of one path one after another and returns their results', async () => {
    const events: string[] = [];
    const hold = (name: string) =>
      withFileLock(join(dir, 'a.lock'), async () => {
        events.push(`${name} in`);
        await sleep(150);
        events.push(`${name} out`);
        return name;
      });
    expect(await Promise.all([hold('first'), hold('second')])).toEqual(['first', 'second']);
    expect(events).toHaveLength(4);
    expect(events[1]).toBe(events[0]!.replace('in', 'out'));
    expect(events[3]).toBe(events[2]!.replace('in', 'out'));
  });

  it('releases the lock when fn throws', async () => {
    const path = join(dir, 'b.lock');
    await expect(withFileLock(path, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await withFileLock(path, async () => 'again')).toBe('again');
  });

  it('is released when its holder process is killed', async () => {
    const path = join(dir, 'c.lock');
    const script = `import('./src/repos/file-lock.ts').then((m) => m.withFileLock(${JSON.stringify(path)}, () => { console.log('held'); return new Promise(() => {}); }))`;
    const holder = execa(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: join(import.meta.dirname, '../..'),
      reject: false,
    });
    await new Promise<void>((resolve) =>
      holder.stdout.on('data', (d: Buffer) => d.includes('held') && resolve()),
    );
    let waited = false;
    const waiting = withFileLock(path, async () => (waited = true));
    await sleep(300);
    expect(waited).toBe(false);
    holder.kill('SIGKILL');
    await waiting;
    expect(waited).toBe(true);
  });
});
