import { describe, expect, it } from 'vitest';
import { goldEditCalls } from './gold-edits.js';

const base: Record<string, string> = {
  '/r/dup.py': 'x = 1\nx = 1\ny = 2\n',
  '/r/noeol.txt': 'a\nb',
  '/r/eol.txt': 'p\nq\n',
};
const read = async (path: string) => base[path] ?? null;

/** Applies str_replace calls the way the editor does. */
function replay(text: string, calls: Awaited<ReturnType<typeof goldEditCalls>>): string {
  for (const { args } of calls) {
    const oldStr = String(args.old_str);
    expect(text.split(oldStr).length - 1).toBe(1);
    text = text.replace(oldStr, () => String(args.new_str));
  }
  return text;
}

describe('goldEditCalls', () => {
  it('grows a hunk with context until its old text is unique', async () => {
    const patch = [
      'diff --git a/dup.py b/dup.py',
      '--- a/dup.py',
      '+++ b/dup.py',
      '@@ -2 +2 @@',
      '-x = 1',
      '+x = 3',
      '',
    ].join('\n');
    const calls = await goldEditCalls(patch, '/r', read);
    expect(calls).toHaveLength(1);
    expect(replay(base['/r/dup.py']!, calls)).toBe('x = 1\nx = 3\ny = 2\n');
  });

  it('adds or drops the final newline only when the hunk changes it', async () => {
    const patch = [
      'diff --git a/noeol.txt b/noeol.txt',
      '--- a/noeol.txt',
      '+++ b/noeol.txt',
      '@@ -1,2 +1,3 @@',
      ' a',
      '-b',
      '\\ No newline at end of file',
      '+b',
      '+c',
      '',
    ].join('\n');
    const calls = await goldEditCalls(patch, '/r', read);
    expect(replay(base['/r/noeol.txt']!, calls)).toBe('a\nb\nc\n');
    const drop = [
      'diff --git a/eol.txt b/eol.txt',
      '--- a/eol.txt',
      '+++ b/eol.txt',
      '@@ -1,2 +1,2 @@',
      ' p',
      '-q',
      '+q',
      '\\ No newline at end of file',
      '',
    ];
    expect(replay(base['/r/eol.txt']!, await goldEditCalls(drop.join('\n'), '/r', read))).toBe('p\nq');
  });

  it('creates new files, removes deleted ones, and leaves binary changes to git apply', async () => {
    const patch = [
      'diff --git a/new.py b/new.py',
      'new file mode 100644',
      '--- /dev/null',
      '+++ b/new.py',
      '@@ -0,0 +1,2 @@',
      '+one',
      '+two',
      'diff --git a/old.py b/old.py',
      'deleted file mode 100644',
      '--- a/old.py',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-gone',
      'diff --git a/img.png b/img.png',
      'GIT binary patch',
      'literal 1',
      'Ic${AA00003000000',
      '',
    ].join('\n');
    const calls = await goldEditCalls(patch, '/r', read);
    expect(calls.map((c) => [c.name, c.args.command])).toEqual([
      ['str_replace_editor', 'create'],
      ['execute_bash', "rm -- '/r/old.py'"],
      [
        'execute_bash',
        expect.stringContaining("git apply --binary <<'LF_GOLD_PATCH'\ndiff --git a/img.png b/img.png"),
      ],
    ]);
    expect(calls[0]!.args).toEqual({ command: 'create', path: '/r/new.py', file_text: 'one\ntwo\n' });
  });
});
