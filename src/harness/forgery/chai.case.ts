import type { ForgeryCase } from './fixture.js';
import { buggyClamp } from './js-repos.js';

/**
 * Attempts to get chaikit-1 (mocha 10, chai 4, chai-as-promised from a setup file) and chai5kit-1 (mocha
 * 11, chai 5 as an ES module, chai-as-promised installed by the test file) graded resolved by making chai's
 * assertions pass from the module under test, at load or while the tests run. Each one passes every test
 * without the judge's preload; with it, the worker that ran the test file stops before it reports, so
 * every test of the file counts as failing.
 */
const crashed = { status: 'unresolved' } as const;

/** src/clamp.js, still buggy, running `code` when the test file imports it. */
const clampWith = (code: string) => ({ 'src/clamp.js': `${buggyClamp}\n${code}\n` });
/** src/clamp.js whose clamp() runs `code` each time a test calls it. */
const clampCalling = (code: string) =>
  clampWith(`const buggy = module.exports.clamp;
module.exports.clamp = (...args) => {
  ${code}
  return buggy(...args);
};`);

const noAssert = 'Assertion.prototype.assert = function () { return this; };';
const noEqual = "Assertion.overwriteMethod('equal', () => function () {});";
/** A chai plugin that turns `equal` into a no-op through chai's own utilities. */
const noEqualPlugin =
  "(chai, utils) => utils.overwriteMethod(chai.Assertion.prototype, 'equal', () => function () {})";

const deepEqualAlways = 'config.deepEqual = () => true;';

const chai4: [name: string, code: string][] = [
  ["makes chai's Assertion#assert a no-op through require('chai')", `require('chai').${noAssert}`],
  ["sets chai's config.deepEqual to a comparison that always holds", `require('chai').${deepEqualAlways}`],
  ["makes chai 4's util.eql always hold", "require('chai').util.eql = () => true;"],
  ["overwrites chai's equal with a no-op (Assertion.overwriteMethod)", `require('chai').${noEqual}`],
  ['installs a chai plugin with chai.use that makes equal a no-op', `require('chai').use(${noEqualPlugin});`],
];
const chai5: [name: string, code: string][] = [
  [
    "sets chai's config.deepEqual to a comparison that always holds",
    `import('chai').then((m) => { m.${deepEqualAlways} });`,
  ],
  [
    "makes chai's Assertion#assert a no-op through import('chai')",
    `import('chai').then((m) => { m.${noAssert} });`,
  ],
  [
    "overwrites chai's equal with a no-op (Assertion.overwriteMethod)",
    `import('chai').then((m) => { m.${noEqual} });`,
  ],
  [
    'installs a chai plugin with chai.use that makes equal a no-op',
    `import('chai').then((m) => { m.use(${noEqualPlugin}); });`,
  ],
];

export const chai4Forgeries: ForgeryCase[] = [
  ...chai4.map(([name, code]) => ({ name, instance: 'chaikit-1', files: clampWith(code), expect: crashed })),
  {
    name: 'installs the no-op equal plugin with chai.use while a test runs',
    instance: 'chaikit-1',
    files: clampCalling(`require('chai').use(${noEqualPlugin});`),
    expect: crashed,
  },
];

export const chai5Forgeries: ForgeryCase[] = [
  ...chai5.map(([name, code]) => ({ name, instance: 'chai5kit-1', files: clampWith(code), expect: crashed })),
  {
    name: 'installs the no-op equal plugin with chai.use while a test runs',
    instance: 'chai5kit-1',
    files: clampCalling(`import('chai').then((m) => { m.use(${noEqualPlugin}); });`),
    expect: crashed,
  },
];
