import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { TestStatus } from '../schema/test-run.js';
import { newStatusMap, recordStatus, type StatusMap } from './parsers/status-map.js';

const Body = z.object({
  exitstatus: z.number().int(),
  tests: z.array(z.tuple([z.string(), TestStatus])),
  collect_errors: z.array(z.string()),
  changed: z.array(z.string()),
});

/** What the judge's pytest plugin reported at the end of the session. */
export interface PluginReport {
  /** pytest's own exit status for the session. */
  exitstatus: number;
  tests: StatusMap;
  /** Node ids of collectors (files, classes) that failed to collect. */
  collectErrors: string[];
  /** Functions and classes of pytest's own modules that were replaced while the session ran. */
  changed: string[];
}

/**
 * The body of a report signed with this run's key: the HMAC-SHA256 of the body under `key` (hex) on the
 * first line, the body after it. Returns why it is not one, as a string; `writer` names who signs.
 */
export function signedBody(bytes: Uint8Array, key: string, writer: string): Buffer | string {
  const text = Buffer.from(bytes);
  const newline = text.indexOf(0x0a);
  if (newline === -1) return 'the report has no signature line';
  const body = text.subarray(newline + 1);
  const expected = createHmac('sha256', key).update(body).digest();
  const given = Buffer.from(text.subarray(0, newline).toString('latin1'), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return `the report's signature does not match this run's key: it was not written by ${writer}`;
  }
  return body;
}

/**
 * Reads the plugin's `report.json` (see `signedBody`), a JSON body. Returns why it is not a report the
 * plugin wrote with this run's key, as a string.
 */
export function readPluginReport(bytes: Uint8Array, key: string): PluginReport | string {
  const body = signedBody(bytes, key, "the judge's plugin");
  if (typeof body === 'string') return body;
  let parsed;
  try {
    parsed = Body.safeParse(JSON.parse(body.toString('utf8')));
  } catch {
    return 'the report is not JSON';
  }
  if (!parsed.success) return `the report does not have the plugin's shape: ${parsed.error.message}`;
  const tests = newStatusMap();
  for (const [id, status] of parsed.data.tests) recordStatus(tests, id, status);
  return {
    exitstatus: parsed.data.exitstatus,
    tests,
    collectErrors: parsed.data.collect_errors,
    changed: parsed.data.changed,
  };
}
