import { chaiWatchSource } from './node-preload-chai.js';

/**
 * The judge's preload for node test runners, written into the judge dir and loaded with `--require`
 * through NODE_OPTIONS in every node process the test command starts, before any runner or project code.
 *
 * - Every process: snapshots node:assert's functions, and traps the `expect` global of each vm context
 *   (jest's test files), with its matchers; a worker whose assertions were replaced while the tests ran
 *   stops (exit 86) before it sends its results (node --test's test file processes: before they write
 *   to stdout), so its runner records the test file as crashed; a worker
 *   thread (vitest's threads pools) kills its whole runner instead, which then signs no report.
 * - A worker process: the channel its results travel through (process.send, process._send and the IPC
 *   handle's writes; in node --test's test file processes process.stdout's write, _write and _writev,
 *   its pipe handle's writes, and fs writes to fds 1 and 2) is recorded, and each layer checks before it
 *   passes data on that none was replaced, the same way, so results cannot be rewritten on their way.
 * - mocha's worker processes: chai as the test setup left it, the same way (node-preload-chai.ts).
 * - The runner, the process whose arguments name the report: reads the key from `$LF_JUDGE_DIR/node-key`
 *   and deletes it (node --test names the report in its own options, not its arguments); makes the
 *   runner run tests in worker processes (jest: `--workerIdleMemoryLimit`, or
 *   `shouldRunInBand` or TestRunner's in-band run patched before 29.3; jest 19's JSON gets its tests'
 *   describe titles back; mocha: `--parallel` where its options allow); records what the
 *   runner writes to the report as it writes it; and at exit writes `runner-report.signed`: the HMAC-SHA256
 *   of the body on the first line, then a JSON line (runner, in_process, note), then the report's bytes.
 *   `in_process` says the tests ran in the runner itself, where the code under test could have written
 *   the report (jest in band, mocha without --parallel); null when the runner is none the preload knows.
 */
export const nodePreloadSource = String.raw`'use strict';
(() => {
  const fs = require('fs');
  const path = require('path');
  const crypto = require('crypto');
  const Module = require('module');
  const dir = process.env.LF_JUDGE_DIR || '';
  if (dir === '') return;
  const report = path.join(dir, 'runner-report');
  const names = (arg) => arg === report || arg.endsWith('=' + report);
  const exitNow = process.reallyExit.bind(process);
  const writeSync = fs.writeSync;
  const pid = process.pid;

  /** Aborts this process at once, so its runner records the test file as crashed. */
  const abort = (what) => {
    try {
      writeSync(2, '\nLegoFactory judge: ' + what + ' was changed while the tests ran; this worker stops.\n');
    } finally {
      exitNow(86);
    }
  };

  // ---- every process: the assertion functions the tests rely on must stay what they were. ----
  const watched = new Map();
  const watch = (label, object) => {
    if (object === null || (typeof object !== 'object' && typeof object !== 'function')) return;
    for (const key of Object.getOwnPropertyNames(object)) {
      const descriptor = Object.getOwnPropertyDescriptor(object, key);
      if (descriptor && typeof descriptor.value === 'function') watched.set(label + '.' + key, [object, key, descriptor.value]);
    }
  };
  const assert = require('assert');
  watch('assert', assert);
  watch('assert.strict', assert.strict);
  // jest's test contexts, held weakly so a finished test file's context can still be collected.
  const jestGlobals = [];
  // jest 30 warns when a torn-down test file's globals are read; the check reads them on purpose.
  const quietly = (read) => {
    const emit = process.emitWarning;
    process.emitWarning = () => {};
    try {
      return read();
    } catch {
      return undefined;
    } finally {
      process.emitWarning = emit;
    }
  };
  // vitest's matchers are methods and getters of chai's Assertion.prototype; it defines its global
  // expect on globalThis before any test file is imported, which is when they are recorded.
  const assertionProtos = [];
  const vitestExpect = Symbol.for('expect-global');
  const defineProperty = Object.defineProperty;
  const own = (object, key) => {
    const descriptor = Object.getOwnPropertyDescriptor(object, key);
    return descriptor && (descriptor.get || descriptor.value);
  };
  Object.defineProperty = function (target, key, descriptor) {
    const result = defineProperty.apply(this, arguments);
    if (target === globalThis && key === vitestExpect && descriptor && typeof descriptor.value === 'function') {
      try {
        const proto = Object.getPrototypeOf(descriptor.value(undefined));
        assertionProtos.push([proto, new Map(Reflect.ownKeys(proto).map((name) => [name, own(proto, name)]))]);
      } catch {}
    }
    return result;
  };
  const changed = () => {
    const chai = chaiChanged();
    if (chai !== null) return chai;
    for (const [proto, members] of assertionProtos) {
      for (const [name, value] of members) if (own(proto, name) !== value) return 'the matcher ' + String(name);
    }
    for (const [label, [object, key, value]] of watched) {
      if (object[key] !== value) return label;
    }
    for (const record of jestGlobals) {
      if (record.replaced) return 'the global expect';
      const inner = record.global.deref();
      const state = inner && quietly(() => inner[Symbol.for('$$jest-matchers-object')]);
      const matchers = state && quietly(() => state.matchers);
      if (record.matchers && matchers) {
        for (const [name, ref] of record.matchers) {
          const fn = ref.deref();
          if (fn !== undefined && matchers[name] !== fn) return 'expect matcher ' + name;
        }
      }
    }
    return null;
  };
  const vm = require('vm');
  const createContext = vm.createContext;
  vm.createContext = function (...args) {
    const context = createContext.apply(this, args);
    try {
      const inner = vm.runInContext('this', context);
      const record = { global: new WeakRef(inner), replaced: false, matchers: null };
      let current;
      let set = false;
      let holdsJests = false;
      Object.defineProperty(inner, 'expect', {
        configurable: false,
        enumerable: true,
        get: () => current,
        set: (value) => {
          // jest 19-21 (jasmine 2) set jasmine's own expect first, then jest's: a value may be replaced
          // once, by jest's expect (the one whose getState() is this context's matchers state), and
          // never after jest's expect is in place.
          const state = inner[Symbol.for('$$jest-matchers-object')];
          const jests = Boolean(state) && typeof value === 'function' && quietly(() => value.getState()) === state.state;
          if (set && (holdsJests || !jests)) record.replaced = true;
          set = true;
          holdsJests = holdsJests || jests;
          current = value;
          if (state && state.matchers) {
            record.matchers = new Map(Object.entries(state.matchers).map(([name, fn]) => [name, new WeakRef(fn)]));
          }
        },
      });
      for (let i = jestGlobals.length - 1; i >= 0; i -= 1) if (!jestGlobals[i].global.deref()) jestGlobals.splice(i, 1);
      jestGlobals.push(record);
    } catch {}
    return context;
  };
  // ---- a worker: the channel its results travel to the runner through must stay what it was. ----
  // Each layer of the channel checks, before it passes data on, that no layer was replaced since this
  // preload ran: a replacement that rewrites results and calls down the channel stops the worker. The
  // native handles' own methods are only compared, not wrapped.
  const checkpoint = (object, name) => {
    const original = object[name];
    if (typeof original !== 'function') return;
    object[name] = function (...args) {
      const what = changed();
      if (what !== null) abort(what);
      return original.apply(this, args);
    };
  };
  const watchChannel = (label, object, names) => {
    if (!object) return;
    for (const name of names) {
      if (typeof object[name] === 'function') watched.set(label + '.' + name, [object, name, object[name]]);
    }
  };
  const handleWrites = ['writeBuffer', 'writev', 'writeUtf8String', 'writeLatin1String', 'writeAsciiString', 'writeUcs2String'];
  if (typeof process.send === 'function') {
    checkpoint(process, 'send');
    checkpoint(process, '_send');
    watchChannel('process', process, ['send', '_send']);
    watchChannel('process.channel', process.channel, handleWrites);
  }
  // node --test runs each test file in a process of its own that reports to the runner on stdout (a
  // pipe); node writes nothing there through fs, so fs writes to fds 1 and 2 are checkpoints too.
  if (/^child/.test(process.env.NODE_TEST_CONTEXT || '')) {
    const stdout = process.stdout;
    for (const name of ['write', '_write', '_writev']) checkpoint(stdout, name);
    watchChannel('process.stdout', stdout, ['write', '_write', '_writev', '_writeGeneric']);
    watchChannel('process.stdout._handle', stdout._handle, handleWrites);
    watchChannel('stream.Writable.prototype', require('stream').Writable.prototype, ['write']);
    for (const name of ['write', 'writeSync', 'writev', 'writevSync']) {
      const original = fs[name];
      if (typeof original !== 'function') continue;
      fs[name] = function (fd) {
        if (fd === 1 || fd === 2) {
          const what = changed();
          if (what !== null) abort(what);
        }
        return original.apply(this, arguments);
      };
    }
    Module.syncBuiltinESMExports();
  }
  // A worker thread (vitest's default pool before 2.0, its threads pools after) reports over a MessagePort,
  // never through process.send. Ending the thread alone leaves vitest 1 waiting for it until the time
  // limit, so the whole runner is killed: it signs no report, and the run is invalid at once.
  const threads = require('worker_threads');
  if (!threads.isMainThread) {
    const post = threads.MessagePort.prototype.postMessage;
    const kill = process.kill.bind(process);
    threads.MessagePort.prototype.postMessage = function (...args) {
      const what = changed();
      if (what !== null) {
        try {
          writeSync(2, '\nLegoFactory judge: ' + what + ' was changed while the tests ran; the runner stops.\n');
        } finally {
          kill(pid, 'SIGKILL');
        }
      }
      return post.apply(this, args);
    };
  }

${chaiWatchSource}
  // ---- the runner: the only process that holds the key and signs what it writes to the report. ----
  if (![...process.argv.slice(2), ...process.execArgv].some(names)) return;
  let key;
  try {
    key = fs.readFileSync(path.join(dir, 'node-key'));
    fs.unlinkSync(path.join(dir, 'node-key'));
  } catch {
    return;
  }
  const main = fs.realpathSync(process.argv[1] || '.');
  const meta = { runner: 'unknown', pid, in_process: null, note: '' };
  const packageOf = (name) => {
    const at = main.lastIndexOf('/node_modules/' + name + '/');
    if (at === -1) return null;
    const root = main.slice(0, at + '/node_modules/'.length + name.length);
    try {
      return { root, version: JSON.parse(fs.readFileSync(root + '/package.json', 'utf8')).version };
    } catch {
      return null;
    }
  };
  const newer = (version, than) => {
    const [a, b] = [version, than].map((v) => v.split('.').map((n) => parseInt(n, 10) || 0));
    for (let i = 0; i < 3; i += 1) if (a[i] !== b[i]) return a[i] > b[i];
    return true;
  };
  // jest 19's --json drops each test's describe titles, which its results carry: they are put back.
  const withAncestors = (format) =>
    function (results, ...rest) {
      const output = format.call(this, results, ...rest);
      for (const [i, file] of (output.testResults || []).entries()) {
        const tests = (results.testResults[i] && results.testResults[i].testResults) || [];
        for (const [j, test] of (file.assertionResults || []).entries()) {
          if (test.ancestorTitles === undefined && tests[j]) test.ancestorTitles = tests[j].ancestorTitles || [];
        }
      }
      return output;
    };
  const jest = packageOf('jest') || packageOf('jest-cli');
  const mocha = packageOf('mocha');
  if (process.execArgv.includes('--test')) {
    meta.runner = 'node-test';
    meta.in_process = process.execArgv.some((arg) => /^--(experimental-)?test-isolation=none$/.test(arg));
  } else if (jest) {
    meta.runner = 'jest';
    meta.in_process = false;
    if (newer(jest.version, '29.3.0')) process.argv.push('--workerIdleMemoryLimit=1000GB');
    else {
      // jest 22 to 29.2 export shouldRunInBand; jest 19-21 decide inside TestRunner, which has both runs.
      const load = Module._load;
      Module._load = function (...args) {
        const exported = load.apply(this, args);
        if (exported && typeof exported.shouldRunInBand === 'function') exported.shouldRunInBand = () => false;
        const runs = typeof exported === 'function' && exported.prototype;
        if (runs && typeof runs._createInBandTestRun === 'function' && typeof runs._createParallelTestRun === 'function') {
          runs._createInBandTestRun = runs._createParallelTestRun;
        }
        if (!newer(jest.version, '20.0.0') && exported && typeof exported.formatTestResults === 'function') {
          exported.formatTestResults = withAncestors(exported.formatTestResults);
        }
        return exported;
      };
    }
  } else if (mocha) {
    meta.runner = 'mocha';
    meta.in_process = false;
    const inProcess = (object, names) => {
      for (const name of names) {
        const original = object[name];
        if (typeof original !== 'function' || original.lfWatched) continue;
        object[name] = function (...inner) {
          meta.in_process = true;
          return original.apply(this, inner);
        };
        object[name].lfWatched = true;
      }
    };
    const load = Module._load;
    Module._load = function (...args) {
      const exported = load.apply(this, args);
      if (typeof exported === 'function' && exported.prototype) {
        if (exported.name === 'Runner') inProcess(exported.prototype, ['runTest']);
        if (exported.name === 'Mocha') inProcess(exported.prototype, ['loadFiles', 'loadFilesAsync']);
      }
      return exported;
    };
    let options = {};
    try {
      options = require(mocha.root + '/lib/cli/options').loadOptions(process.argv.slice(2));
    } catch {}
    const blockers = ['file', 'sort'].filter((name) => options[name] && options[name].length !== 0);
    if (!newer(mocha.version, '8.0.0')) meta.note = 'mocha ' + mocha.version + ' has no --parallel';
    else if (blockers.length > 0) meta.note = "mocha's options set " + blockers.join(', ') + ', which --parallel does not allow';
    else {
      process.argv.push('--parallel');
      if (options.jobs !== undefined && options.jobs < 2) process.argv.push('--jobs=2');
    }
  } else if (packageOf('vitest')) {
    meta.runner = 'vitest';
    meta.in_process = false;
  }

  // What the runner writes to the report, as it writes it: nothing written later can change it.
  const chunks = [];
  const take = (data, encoding) => {
    if (typeof data === 'string') chunks.push(Buffer.from(data, typeof encoding === 'string' ? encoding : 'utf8'));
    else if (ArrayBuffer.isView(data)) chunks.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  };
  const reset = () => {
    chunks.length = 0;
  };
  const isReport = (file) => typeof file === 'string' && path.resolve(file) === report;
  const handles = new WeakSet();
  const fds = new Set();
  const promises = fs.promises;
  const wrap = (object, name, wrapper) => {
    const original = object[name];
    object[name] = wrapper(original);
  };
  const encodingOf = (options) => (typeof options === 'string' ? options : options && options.encoding);
  wrap(fs, 'writeFileSync', (original) => function (file, data, options) {
    if (isReport(file)) (reset(), take(data, encodingOf(options)));
    else if (fds.has(file)) take(data, encodingOf(options));
    return original.apply(this, arguments);
  });
  wrap(fs, 'writeFile', (original) => function (file, data, options) {
    if (isReport(file)) (reset(), take(data, encodingOf(options)));
    else if (fds.has(file)) take(data, encodingOf(options));
    return original.apply(this, arguments);
  });
  wrap(fs, 'appendFileSync', (original) => function (file, data, options) {
    if (isReport(file) || fds.has(file)) take(data, encodingOf(options));
    return original.apply(this, arguments);
  });
  wrap(fs, 'openSync', (original) => function (file) {
    const fd = original.apply(this, arguments);
    if (isReport(file)) (reset(), fds.add(fd));
    return fd;
  });
  wrap(fs, 'writeSync', (original) => function (fd, data, ...rest) {
    if (fds.has(fd)) take(data, typeof rest[1] === 'string' ? rest[1] : undefined);
    return original.apply(this, arguments);
  });
  wrap(fs, 'createWriteStream', (original) => function (file) {
    const stream = original.apply(this, arguments);
    if (isReport(file)) {
      reset();
      const write = stream.write;
      stream.write = function (data, encoding) {
        take(data, encoding);
        return write.apply(this, arguments);
      };
      const end = stream.end;
      stream.end = function (data, encoding) {
        if (data !== undefined && typeof data !== 'function') take(data, encoding);
        return end.apply(this, arguments);
      };
    }
    return stream;
  });
  // node --test's reporters write through a stream made by fs functions node took before this preload
  // ran; the stream opens and writes through the fs module's own functions, wrapped here.
  if (meta.runner === 'node-test') {
    wrap(fs, 'open', (original) => function (file, ...rest) {
      const callback = rest[rest.length - 1];
      if (!isReport(file) || typeof callback !== 'function') return original.apply(this, arguments);
      reset();
      rest[rest.length - 1] = (error, fd) => {
        if (!error) fds.add(fd);
        callback(error, fd);
      };
      return original.call(this, file, ...rest);
    });
    wrap(fs, 'write', (original) => function (fd, data, ...rest) {
      if (fds.has(fd)) take(data, typeof rest[1] === 'string' ? rest[1] : undefined);
      return original.apply(this, arguments);
    });
    wrap(fs, 'writev', (original) => function (fd, buffers) {
      if (fds.has(fd)) for (const buffer of buffers) take(buffer);
      return original.apply(this, arguments);
    });
  }
  wrap(promises, 'writeFile', (original) => function (file, data, options) {
    if (isReport(file)) (reset(), take(data, encodingOf(options)));
    else if (handles.has(file)) take(data, encodingOf(options));
    return original.apply(this, arguments);
  });
  wrap(promises, 'appendFile', (original) => function (file, data, options) {
    if (isReport(file) || handles.has(file)) take(data, encodingOf(options));
    return original.apply(this, arguments);
  });
  wrap(promises, 'open', (original) => async function (file) {
    const handle = await original.apply(this, arguments);
    if (isReport(file)) {
      reset();
      handles.add(handle);
      const write = handle.write;
      handle.write = function (data, ...rest) {
        take(data, typeof rest[1] === 'string' ? rest[1] : undefined);
        return write.apply(this, [data, ...rest]);
      };
    }
    return handle;
  });
  Module.syncBuiltinESMExports();

  const inBand = /[\\/]jest-circus[\\/](build[\\/])?(runner\.js|legacy-code-todo-rewrite)|[\\/]jest-jasmine2[\\/]/;
  const sign = crypto.createHmac;
  process.on('exit', () => {
    if (!meta.in_process && meta.runner === 'jest') {
      meta.in_process = Object.keys(require.cache).some((file) => inBand.test(file));
    }
    const body = Buffer.concat([Buffer.from(JSON.stringify(meta) + '\n'), ...chunks]);
    const signature = sign('sha256', key).update(body).digest('hex');
    fs.writeFileSync(path.join(dir, 'runner-report.signed'), Buffer.concat([Buffer.from(signature + '\n'), body]));
  });
})();
`;
