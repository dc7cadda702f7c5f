import { describe, expect, it } from 'vitest';
import { StateRestore } from './shell-restore.js';

const base = new Set(['declare -x HOME="/root"', 'declare -x OLD="1"', 'declare -x PATH="/bin"']);
const saved = {
  vars: ['declare -x HOME="/root"', 'declare -x PAGER="cat"', 'declare -x PATH="/opt/bin:/bin"'],
  code: 'f () \n{ \n    echo hi\n}\ncd -- /repo\n',
};

describe('StateRestore', () => {
  it('unsets what the state lacks, declares only the lines that differ from the exec environment, then runs the code', () => {
    const restore = new StateRestore(['API_KEY', 'HOME', 'OLD', 'PATH'], base, saved);
    expect(restore.restoreScript()).toBe(
      'unset API_KEY OLD\ndeclare -x PAGER="cat"\ndeclare -x PATH="/opt/bin:/bin"\nf () \n{ \n    echo hi\n}\ncd -- /repo\n',
    );
  });

  it('has no script while the state is too large to report, so the job reads it from disk', () => {
    const restore = new StateRestore(['HOME', 'OLD', 'PATH'], base, saved);
    restore.update(null);
    expect(restore.restoreScript()).toBeNull();
    restore.update({ vars: [...base], code: 'cd -- /\n' });
    expect(restore.restoreScript()).toBe('cd -- /\n');
  });
});
