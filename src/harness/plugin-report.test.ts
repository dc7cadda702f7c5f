import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readPluginReport } from './plugin-report.js';

const key = 'a'.repeat(64);
const body = JSON.stringify({
  exitstatus: 1,
  tests: [
    ['t.py::a', 'PASSED'],
    ['t.py::b', 'FAILED'],
    ['t.py::b', 'ERROR'],
    ['t.py::c', 'PASSED'],
    ['t.py::c', 'ERROR'],
    ['t.py::constructor', 'XFAIL'],
  ],
  collect_errors: ['t2.py'],
  changed: [],
});
const signed = (text: string, with_ = key) =>
  new TextEncoder().encode(`${createHmac('sha256', with_).update(text).digest('hex')}\n${text}`);

describe('readPluginReport', () => {
  it('reads a signed report, keeping the worse status of an id reported twice', () => {
    expect(readPluginReport(signed(body), key)).toEqual({
      exitstatus: 1,
      tests: { 't.py::a': 'PASSED', 't.py::b': 'FAILED', 't.py::c': 'ERROR', 't.py::constructor': 'XFAIL' },
      collectErrors: ['t2.py'],
      changed: [],
    });
  });

  it('rejects a report signed with another key, an edited body, and an unsigned one', () => {
    const mismatch =
      "the report's signature does not match this run's key: it was not written by the judge's plugin";
    expect(readPluginReport(signed(body, 'b'.repeat(64)), key)).toBe(mismatch);
    expect(readPluginReport(signed(body, ''), key)).toBe(mismatch);
    const edited = Buffer.from(signed(body)).toString().replace('"FAILED"', '"PASSED"');
    expect(readPluginReport(new TextEncoder().encode(edited), key)).toBe(mismatch);
    expect(readPluginReport(new TextEncoder().encode(body), key)).toBe('the report has no signature line');
  });

  it('rejects a signed body that is not the plugin’s shape', () => {
    expect(readPluginReport(signed('{"tests": {}}'), key)).toMatch(
      /^the report does not have the plugin's shape: /,
    );
    expect(readPluginReport(signed('nope'), key)).toBe('the report is not JSON');
  });
});
