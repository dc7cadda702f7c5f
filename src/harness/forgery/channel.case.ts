import type { ForgeryCase } from './fixture.js';
import { buggyClamp } from './js-repos.js';

/**
 * Attempts to get a clamp instance graded resolved by rewriting a worker's results on their way to the
 * runner: the module under test, imported by the test file, wraps the channel the worker reports
 * through (node --test's test file process: stdout; jest's and mocha's workers: process.send) and turns
 * each failure into a pass. The judge's preload stops such a worker (exit 86) before it reports.
 */

/** src/clamp.js, still buggy, with `prelude` run when the test file requires it. */
const clampWith = (prelude: string) => ({ 'src/clamp.js': `${prelude}\n${buggyClamp}` });

/**
 * node --test's test file process writes each event as a v8-serialized message (v8 header, 4-byte
 * length, v8 header, value): a failed test's message comes back as a pass, and the process exits 0.
 */
export const rewriteStdoutMessages = `const v8 = require('node:v8');
const write = process.stdout.write;
process.stdout.write = function (chunk, ...rest) {
  if (typeof chunk !== 'string') {
    try {
      const item = v8.deserialize(chunk.subarray(6));
      if (item.type === 'test:fail') {
        item.type = 'test:pass';
        delete item.data.details.error;
        const body = v8.serialize(item);
        const size = Buffer.alloc(4);
        size.writeUInt32BE(body.length);
        chunk = Buffer.concat([body.subarray(0, 2), size, body]);
      }
    } catch {}
  }
  return write.call(this, chunk, ...rest);
};
process.on('exit', () => {
  process.exitCode = 0;
});`;

/** The same rewrite, with the messages written to fd 1 by fs.writeSync instead of the stream beneath. */
const rewriteStdoutThroughFs = rewriteStdoutMessages.replace(
  'return write.call(this, chunk, ...rest);',
  "require('node:fs').writeSync(1, chunk);\n  return true;",
);

/**
 * Marks every failure in a worker's messages as a pass: jest's test results (status, counts, failure
 * messages) and mocha's serialized events (a 'fail' event becomes 'pass').
 */
const passEverything = `const passEverything = (value) => {
  if (Array.isArray(value)) return value.map(passEverything);
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [key, inner] of Object.entries(value)) {
    if ((key === 'status' || key === 'state') && inner === 'failed') out[key] = 'passed';
    else if (key === 'eventName' && inner === 'fail') out[key] = 'pass';
    else if (/^(numFailingTests|numFailedTests|failureCount|failures)$/.test(key) && typeof inner === 'number') out[key] = 0;
    else if (key === 'failureMessages') out[key] = [];
    else if (key === 'failureMessage') out[key] = null;
    else out[key] = passEverything(inner);
  }
  return out;
};`;

/**
 * The worker's own process object: jest gives a test file a copy of it, and vm's runInThisContext
 * evaluates in the worker's main context, outside the test file's.
 */
const workerProcess = "const worker = require('node:vm').runInThisContext('process');";

/** Wraps process.send so that every message the worker sends its runner says its tests passed. */
export const rewriteSentMessages = `${passEverything}
${workerProcess}
const send = worker.send;
worker.send = function (message, ...rest) {
  return send.call(this, passEverything(message), ...rest);
};`;

/** The same rewrite one level down, in process._send, which process.send calls. */
export const rewriteInnerSend = `${passEverything}
${workerProcess}
const inner = worker._send;
worker._send = function (message, ...rest) {
  return inner.call(this, passEverything(message), ...rest);
};`;

export const nodeTestChannelForgeries: ForgeryCase[] = [
  {
    name: "wraps process.stdout.write and rewrites the test file's failed results into passes",
    instance: 'nodetestkit-1',
    files: clampWith(rewriteStdoutMessages),
    expect: { status: 'unresolved' },
  },
  {
    name: 'replaces process.stdout.write with one that writes the rewritten results by fs.writeSync(1)',
    instance: 'nodetestkit-1',
    files: clampWith(rewriteStdoutThroughFs),
    expect: { status: 'unresolved' },
  },
];

/** The worker stopped before it reported, so jest records the file as crashed. */
const jestCrashed = /^the runner's JSON report is incomplete \(exit code 1\): it lists no test/;

export const jestChannelForgeries: ForgeryCase[] = [
  {
    name: "wraps process.send and rewrites the worker's failed results into passes",
    instance: 'jestkit-1',
    files: clampWith(rewriteSentMessages),
    expect: { status: 'invalid', message: jestCrashed },
  },
  {
    name: "wraps process._send and rewrites the worker's failed results into passes",
    instance: 'jestkit-1',
    files: clampWith(rewriteInnerSend),
    expect: { status: 'invalid', message: jestCrashed },
  },
];

export const mochaChannelForgeries: ForgeryCase[] = [
  {
    name: "wraps process.send and rewrites the worker's failed results into passes",
    instance: 'mochakit-1',
    files: clampWith(rewriteSentMessages),
    expect: { status: 'unresolved' },
  },
];
