import { describe, expect, it } from 'vitest';
import { finalPatch } from './final-patch.js';
import { scriptsRun } from './scripts-run.js';

const section = (path: string, created: boolean) =>
  [
    `diff --git a/${path} b/${path}`,
    ...(created
      ? ['new file mode 100644', 'index 0000000..1111111', '--- /dev/null']
      : ['index 1..2 100644', `--- a/${path}`]),
    `+++ b/${path}`,
    '@@ -0,0 +1 @@',
    '+x',
    '',
  ].join('\n');

describe('the final patch', () => {
  it('finds the scripts the agent ran directly, following cd, wrappers and assignments', () => {
    const ran = scriptsRun(
      [
        { command: 'python reproduce.py && python -m pytest tests/test_a.py', cwd: '/w' },
        { command: 'cd src && FOO=1 timeout 10 python3 ../check.py --fast; node -e "1"', cwd: '/w' },
        { command: './run_me.sh | tail', cwd: '/w/scripts' },
        { command: 'python /tmp/outside.py; cat notes.py', cwd: '/w' },
      ],
      '/w',
    );
    expect([...ran].sort()).toEqual(['check.py', 'reproduce.py', 'scripts/run_me.sh']);
  });

  it('drops new files that were only run as scripts and keeps every other change', () => {
    const diff =
      section('src/lib.py', false) + section('reproduce.py', true) + section('src/new_module.py', true);
    const { patch, dropped } = finalPatch(diff, new Set(['reproduce.py', 'src/lib.py']));
    expect(dropped).toEqual(['reproduce.py']);
    expect(patch).toBe(section('src/lib.py', false) + section('src/new_module.py', true));
    expect(finalPatch('', new Set())).toEqual({ patch: '', dropped: [] });
  });
});
