import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { LegoError } from '../../errors.js';
import type { TestStatus } from '../../schema/test-run.js';
import { pytestNodeId } from './pytest-junit.js';
import { newStatusMap, recordStatus, relativeTo, type ParseContext, type StatusMap } from './status-map.js';

interface JunitCase {
  classname?: string;
  name?: string;
  file?: string;
  failure?: unknown;
  error?: unknown;
  skipped?: { type?: string }[];
}

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  htmlEntities: true,
  isArray: (tag) => tag === 'testsuite' || tag === 'testcase' || tag === 'skipped',
});

interface JunitDocument {
  testcases: JunitCase[];
  suiteNames: string[];
}

/** Every `<testcase>` and suite name of the document, however deeply test suites nest. */
function collect(node: unknown, found: JunitDocument = { testcases: [], suiteNames: [] }): JunitDocument {
  if (Array.isArray(node)) for (const child of node) collect(child, found);
  else if (node && typeof node === 'object') {
    for (const [key, child] of Object.entries(node)) {
      if (key === 'testcase' && Array.isArray(child)) found.testcases.push(...(child as JunitCase[]));
      else if (key === 'testsuites' || key === 'testsuite') collect(child, found);
      else if (key === 'name' && typeof child === 'string') found.suiteNames.push(child);
    }
  }
  return found;
}

const hookTitle = /^"(before|after) (all|each)" hook/;

function statusOf(testcase: JunitCase, pytest: boolean): TestStatus {
  if (testcase.failure !== undefined) return hookTitle.test(testcase.name ?? '') ? 'ERROR' : 'FAILED';
  if (testcase.error !== undefined) return 'ERROR';
  const skipped = testcase.skipped?.[0];
  if (skipped === undefined) return 'PASSED';
  return pytest && typeof skipped === 'object' && skipped.type === 'pytest.xfail' ? 'XFAIL' : 'SKIPPED';
}

/**
 * A JavaScript testcase's id, `file > describe... > test`: vitest writes the file as `classname`, mocha
 * writes an absolute `file` and the parent suites' titles (joined by spaces) as `classname`. A testcase
 * named after its own file (vitest's "file failed to load") names no test: null.
 */
function jsTestId(testcase: JunitCase, root: string | undefined): string | null {
  const name = testcase.name ?? '';
  const classname = testcase.classname ?? '';
  const file = testcase.file === undefined ? undefined : relativeTo(testcase.file, root);
  if (name === classname && (file === undefined || file === classname)) return null;
  const suites = classname === '' || classname === file || classname === testcase.file ? [] : [classname];
  return [file, ...suites, name].filter((part) => part !== undefined).join(' > ');
}

/** Whether the report comes from pytest: a suite named `pytest`, or test files ending in `.py`. */
function isPytestReport({ testcases, suiteNames }: JunitDocument): boolean {
  return (
    suiteNames.includes('pytest') || testcases.some((testcase) => testcase.file?.endsWith('.py') === true)
  );
}

/**
 * Reads a JUnit XML report (pytest xunit1, vitest's `junit` reporter, mocha's `xunit` reporter) into
 * test ids that match the text parsers': pytest node ids, `file > describe > test` for JavaScript.
 * Throws `bad_input` for malformed XML (a report cut short by a timeout, say).
 */
export function parseJunit(report: string, context: ParseContext = {}): StatusMap {
  const valid = XMLValidator.validate(report);
  if (valid !== true) {
    throw new LegoError('bad_input', `malformed JUnit XML at line ${valid.err.line}: ${valid.err.msg}`);
  }
  const document = collect(xml.parse(report));
  const pytest = isPytestReport(document);
  const map = newStatusMap();
  for (const testcase of document.testcases) {
    const id = pytest
      ? pytestNodeId(testcase.classname ?? '', testcase.name ?? '', testcase.file)
      : jsTestId(testcase, context.root);
    if (id !== null) recordStatus(map, id, statusOf(testcase, pytest));
  }
  return map;
}
