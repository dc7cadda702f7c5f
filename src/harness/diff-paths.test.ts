import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileChanges, testsToRun, touchedPaths, unquotePath } from './diff-paths.js';

const repo = mkdtempSync(join(tmpdir(), 'lf-diff-paths-'));
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' });
const write = (path: string, content: string | Buffer) => {
  mkdirSync(join(repo, path, '..'), { recursive: true });
  writeFileSync(join(repo, path), content);
};

/** A real `git diff --binary` covering edits, creation, deletion, rename, binary, mode and odd names. */
function realGitDiff(): string {
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 't@example.com');
  git('config', 'user.name', 't');
  write('src/app.py', 'a = 1\n-- a line that starts with two dashes\n');
  write('tests/test_gone.py', 'def test_gone():\n    pass\n');
  write('docs/old name.md', 'moved\n'.repeat(20));
  write('bin/run.sh', '#!/bin/sh\n');
  write('img.png', Buffer.from([0, 1, 2, 3]));
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  write('src/app.py', 'a = 2\n--- a line that now starts with three dashes\n+++ and one with pluses\n');
  write('tests/test_new.py', 'def test_new():\n    pass\n');
  write('tests/tést data.json', '{}\n');
  rmSync(join(repo, 'tests/test_gone.py'));
  git('mv', 'docs/old name.md', 'docs/new name.md');
  chmodSync(join(repo, 'bin/run.sh'), 0o755);
  write('img.png', Buffer.from([9, 8, 7, 6, 5]));
  git('add', '-A');
  return git('diff', '--cached', '--binary', '-M');
}

afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('diff paths from a real git diff', () => {
  const diff = realGitDiff();

  it('lists every file section with its old and new path', () => {
    expect(fileChanges(diff)).toEqual([
      { oldPath: 'bin/run.sh', newPath: 'bin/run.sh' },
      { oldPath: 'docs/old name.md', newPath: 'docs/new name.md' },
      { oldPath: 'img.png', newPath: 'img.png' },
      { oldPath: 'src/app.py', newPath: 'src/app.py' },
      { oldPath: 'tests/test_gone.py', newPath: null },
      { oldPath: null, newPath: 'tests/test_new.py' },
      { oldPath: null, newPath: 'tests/tést data.json' },
    ]);
  });

  it('touches old and new names, created and deleted files included', () => {
    expect(touchedPaths(diff)).toEqual([
      'bin/run.sh',
      'docs/old name.md',
      'docs/new name.md',
      'img.png',
      'src/app.py',
      'tests/test_gone.py',
      'tests/test_new.py',
      'tests/tést data.json',
    ]);
  });

  it('runs only files that exist afterwards and are not data or docs', () => {
    expect(testsToRun(diff)).toEqual(['bin/run.sh', 'src/app.py', 'tests/test_new.py']);
  });
});

describe('diff paths from plain unified diffs', () => {
  it('reads ---/+++ names with timestamps and skips hunk lines that look like headers', () => {
    const diff = [
      '--- a/x.sql\t2024-01-01 00:00:00',
      '+++ b/x.sql\t2024-01-02 00:00:00',
      '@@ -1,2 +1,2 @@',
      '--- removed comment',
      '+++ added line',
      ' kept',
      '--- /dev/null',
      '+++ b/y.txt',
      '@@ -0,0 +1 @@',
      '+new',
    ].join('\n');
    expect(fileChanges(diff)).toEqual([
      { oldPath: 'x.sql', newPath: 'x.sql' },
      { oldPath: null, newPath: 'y.txt' },
    ]);
  });

  it('unquotes git C-style names', () => {
    expect(unquotePath('"a/t\\303\\251st \\"q\\"\\tx.py"')).toBe('a/tést "q"\tx.py');
    expect(unquotePath('plain/name.py')).toBe('plain/name.py');
  });
});
