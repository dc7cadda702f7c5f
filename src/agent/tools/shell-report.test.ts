import { describe, expect, it } from 'vitest';
import { parseReport } from './shell-report.js';

describe('parseReport', () => {
  it('reads a finished job with the state it saved, and output that holds NUL bytes', () => {
    const text =
      'done -\n0\n/repo\n/usr/bin/python3\n=\ndeclare -x A="1"\ndeclare -x B="2"\n\0cd -- /repo\n\0a\0b\n';
    expect(parseReport(text)).toEqual({
      state: 'done',
      size: null,
      exitCode: 0,
      cwd: '/repo',
      python: '/usr/bin/python3',
      saved: { vars: ['declare -x A="1"', 'declare -x B="2"'], code: 'cd -- /repo\n' },
      output: 'a\0b\n',
    });
  });

  it('tells a state too large to report (null) from none saved (absent)', () => {
    expect(parseReport('done -\n3\n/repo\n\n?\nout')).toMatchObject({
      exitCode: 3,
      saved: null,
      output: 'out',
    });
    const running = parseReport('running 12\n\n\n\n.\npartial');
    expect(running).toEqual({
      state: 'running',
      size: 12,
      exitCode: null,
      cwd: '',
      python: null,
      output: 'partial',
    });
  });

  it('refuses a report without its state line, with an unknown kind, or with a state cut short', () => {
    expect(parseReport('done -\n0\n/repo\n/usr/bin/python3\nout')).toBeNull();
    expect(parseReport('done -\n0\n/repo\n\n!\nout')).toBeNull();
    expect(parseReport('done -\n0\n/repo\n\n=\ndeclare -x A="1"\n\0cd -- /repo\n')).toBeNull();
    expect(parseReport('environment: line 2: oops\ndone -\n0\n/repo\n\n.\n')).toBeNull();
  });
});
