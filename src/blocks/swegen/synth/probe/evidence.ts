import { XMLParser } from 'fast-xml-parser';
import { logLines } from '../../../../harness/parsers/log-lines.js';
import type { SuiteRun } from './test-run.js';

/** What a failing test printed: its id, the error message, and the failure's details (trace, source). */
export interface Failure {
  test: string;
  message: string;
  details: string;
}

interface JunitCase {
  name: string;
  classname: string;
  message: string;
  details: string;
}

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  trimValues: false,
  htmlEntities: true,
  isArray: (tag) => tag === 'testsuite' || tag === 'testcase' || tag === 'failure' || tag === 'error',
});

function textOf(value: unknown): { message: string; details: string } {
  if (typeof value === 'string') return { message: '', details: value };
  const node = (value ?? {}) as Record<string, unknown>;
  const [type, message] = [String(node['type'] ?? ''), String(node['message'] ?? '')];
  const typed =
    /^\w*(Error|Exception)$/.test(type) && !message.startsWith(type) ? `${type}: ${message}` : message;
  return { message: typed, details: String(node['#text'] ?? '') };
}

function failedCases(node: unknown, found: JunitCase[] = []): JunitCase[] {
  if (Array.isArray(node)) for (const child of node) failedCases(child, found);
  else if (node && typeof node === 'object')
    for (const [key, child] of Object.entries(node)) {
      if (key !== 'testcase') {
        if (typeof child === 'object') failedCases(child, found);
        continue;
      }
      for (const testcase of child as Record<string, unknown>[]) {
        const problem =
          (testcase['failure'] as unknown[] | undefined)?.[0] ??
          (testcase['error'] as unknown[] | undefined)?.[0];
        if (problem === undefined) continue;
        const name = String(testcase['name'] ?? '');
        found.push({ name, classname: String(testcase['classname'] ?? ''), ...textOf(problem) });
      }
    }
  return found;
}

/** A test id's own name: after the last `::` (pytest) or ` > ` (JavaScript runners). */
export function testName(id: string): string {
  return id.split(' > ').at(-1)!.split('::').at(-1)!;
}

function junitFailures(junit: string | null): JunitCase[] {
  if (!junit) return [];
  try {
    return failedCases(xml.parse(junit));
  } catch {
    return [];
  }
}

/** Headers of a failure's block in runners' output: detailed ones (pytest, vitest, jest) before summaries. */
const headers = [/^\s*(_{3,}|FAIL\b|●)/, /^\s*(×|✕|\d+\))/];

/** The block a runner printed for a failing test: from a header line naming it to the next separator. */
function logFailure(lines: string[], name: string): { message: string; details: string } | null {
  const start = headers
    .map((header) => lines.findIndex((line) => line.includes(name) && header.test(line)))
    .find((index) => index !== -1);
  if (start === undefined) return null;
  const block: string[] = [];
  for (const line of lines.slice(start + 1, start + 60)) {
    if (/^\s*(_{3,}|={3,}|⎯{3,})/.test(line)) break;
    block.push(line);
  }
  const message =
    block
      .find((line) => /error|assert|expected|^\s*→/i.test(line))
      ?.trim()
      .replace(/^→\s*/, '') ?? '';
  return { message, details: block.join('\n') };
}

/**
 * What the broken tests printed, at most `limit` of them: from the JUnit report when the run wrote one,
 * else from the output; failures that name no test (a module that no longer imports) fill in when the
 * broken tests themselves left nothing.
 */
export function failuresOf(broken: string[], run: SuiteRun, limit = 3): Failure[] {
  const cases = junitFailures(run.junit);
  const lines = logLines(run.log);
  const found: Failure[] = [];
  for (const test of broken) {
    if (found.length >= limit) break;
    const name = testName(test);
    const matched =
      cases.find((c) => c.name === name || c.name.endsWith(` > ${name}`)) ?? logFailure(lines, name);
    if (matched) found.push({ test, message: matched.message, details: matched.details });
  }
  if (found.length > 0) return found;
  return cases
    .slice(0, limit)
    .map((c) => ({ test: c.classname || c.name, message: c.message, details: c.details }));
}
