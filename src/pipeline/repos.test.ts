import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveRepos } from './repos.js';

describe('resolveRepos', () => {
  it('resolves inline lines against the pipeline file, keeping URLs and absolute paths', async () => {
    expect(
      await resolveRepos(
        ['acme/calc=./calc', 'a/b=https://github.com/a/b', 'c/d=/srv/d'],
        '/work/p',
        '/cache',
      ),
    ).toEqual({ 'acme/calc': '/work/p/calc', 'a/b': 'https://github.com/a/b', 'c/d': '/srv/d' });
  });

  it('reads a repos file: comments and blank lines skipped, paths relative to that file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lf-repos-'));
    await writeFile(
      join(dir, 'repos.txt'),
      '# the fleet\n\nacme/calc=calc\n  a/b=git@github.com:a/b.git  \n',
    );
    expect(await resolveRepos({ file: 'repos.txt' }, dir, '/cache')).toEqual({
      'acme/calc': join(dir, 'calc'),
      'a/b': 'git@github.com:a/b.git',
    });
  });

  it('refuses a missing file, and names each bad line by file and line number', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lf-repos-'));
    await expect(resolveRepos({ file: 'repos.txt' }, dir, '/cache')).rejects.toThrow(
      'repos.file: cannot read repos.txt (ENOENT)',
    );
    await writeFile(join(dir, 'repos.txt'), 'acme/calc=calc\ncalc\nx/y=\n');
    await expect(resolveRepos({ file: 'repos.txt' }, dir, '/cache')).rejects.toThrow(
      'repos.file: repos.txt:2: expected owner/name=PATH_OR_URL, got "calc"\n' +
        'repos.file: repos.txt:3: expected owner/name=PATH_OR_URL, got "x/y="',
    );
    await writeFile(join(dir, 'repos.txt'), '# nothing yet\n');
    await expect(resolveRepos({ file: 'repos.txt' }, dir, '/cache')).rejects.toThrow(
      'repos.file: repos.txt lists no repository',
    );
  });
});
