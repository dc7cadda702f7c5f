/**
 * The part of the judge's node preload (node-preload.ts, whose scope it shares) that watches chai in
 * mocha's worker processes. Plugins (chai-as-promised, sinon-chai) rewrite `Assertion.prototype` when
 * installed, so no snapshot taken when chai loads holds; and the code under test runs while the test file
 * loads, so none taken when the tests start does either.
 *
 * - The snapshot is taken when the worker is about to load its first test file: after the `--require`
 *   setup files and root hook plugins, before the test file and the code it imports. chai is found from the
 *   test file (`createRequire(file).resolve('chai')`) and imported: the same module instance the tests use,
 *   ES module (chai 5) or CommonJS (chai 4).
 * - Watched: every own member of `Assertion.prototype` (by descriptor: value, getter, setter), its
 *   prototype, each chainable method's behaviour in `__methods`, `Object.prototype.should`, and the
 *   functions of `chai.assert` and of chai 4's exports and `util` (chai 5's are module namespaces), and
 *   `chai.config.deepEqual`, the comparison deep assertions use when set.
 * - A change after the snapshot counts as the test's own (the snapshot moves with it) only when it is made
 *   through `Assertion.add…`/`overwrite…`, `Object.defineProperty`, the assignment of a new member or of
 *   `config.deepEqual`, from a call stack that holds the running test file and, of the checkout's files,
 *   test files alone. Any other difference when the worker reports stops it (exit 86), as for node:assert.
 */
export const chaiWatchSource = String.raw`
  let chaiChanged = () => null;
  if (/[\\/]mocha[\\/]lib[\\/]nodejs[\\/]worker\.js$/.test(process.argv[1] || '')) {
    const real = (file) => {
      try {
        return fs.realpathSync(file);
      } catch {
        return file;
      }
    };
    const root = real(process.cwd()) + path.sep;
    const testPath = /(^|[\\/])(tests?|specs?|__tests__)[\\/]|\.(test|spec)\.[cm]?[jt]sx?$/;
    const toPath = (name) => (name.startsWith('file://') ? require('url').fileURLToPath(name) : name);
    let spec = '';
    // The stack's call sites are read with the functions they have now, before any test code runs.
    const [capture, apply] = [Error.captureStackTrace, Reflect.apply];
    const listSites = (_, calls) => calls;
    const site = (() => {
      const prepare = Error.prepareStackTrace;
      Error.prepareStackTrace = listSites;
      const holder = {};
      capture(holder);
      const calls = holder.stack;
      Error.prepareStackTrace = prepare;
      const methods = Object.getPrototypeOf(calls[0]);
      return { file: methods.getFileName, isEval: methods.isEval, text: methods.toString };
    })();
    /** The files of the calls on the stack, eval'd code counted by where it was eval'd. */
    const callers = () => {
      const [prepare, limit] = [Error.prepareStackTrace, Error.stackTraceLimit];
      const holder = {};
      let sites = [];
      try {
        Error.prepareStackTrace = listSites;
        Error.stackTraceLimit = Infinity;
        capture(holder);
        if (Error.prepareStackTrace === listSites) sites = holder.stack;
      } catch {
        sites = [];
      } finally {
        Error.prepareStackTrace = prepare;
        Error.stackTraceLimit = limit;
      }
      const files = [];
      for (const call of Array.isArray(sites) ? sites : []) {
        const name = apply(site.file, call, []);
        if (typeof name === 'string' && !apply(site.isEval, call, [])) files.push(toPath(name));
        else {
          for (const match of String(apply(site.text, call, [])).matchAll(/(file:\/\/)?(\/[^\s():]+):\d+:\d+/g)) {
            files.push(match[2]);
          }
        }
      }
      return files;
    };
    const ownCode = (file) => file === __filename || file.startsWith('node:') || file.includes('/node_modules/');
    const byTheTest = () => {
      let seen = false;
      for (const file of callers()) {
        if (file === spec) seen = true;
        else if (!ownCode(file) && !(file.startsWith(root) && testPath.test(file.slice(root.length)))) return false;
      }
      return seen;
    };

    let proto = null;
    let layer = null;
    const model = new Map();
    const has = (object, key) => Object.prototype.hasOwnProperty.call(object, key);
    const stateOf = (target, key) => {
      const descriptor = Object.getOwnPropertyDescriptor(target, key) || {};
      const state = [has(descriptor, 'value'), descriptor.value, descriptor.get, descriptor.set];
      const methods = target === proto ? proto.__methods : null;
      const entry = methods && typeof methods === 'object' && has(methods, key) ? methods[key] : null;
      if (entry && typeof entry === 'object') state.push(entry, entry.method, entry.chainingBehavior);
      return state;
    };
    const remember = (target, key) => model.get(target).set(key, stateOf(target, key));
    const keysOf = (target) => (target === proto ? Reflect.ownKeys(proto) : ['should']);
    let deepEqualChanged = () => false;
    chaiChanged = () => {
      if (proto === null) return null;
      if (deepEqualChanged()) return "chai's config.deepEqual";
      if (Object.getPrototypeOf(proto) !== layer) return "chai's Assertion.prototype chain";
      for (const [target, members] of model) {
        for (const key of new Set([...members.keys(), ...keysOf(target)])) {
          const before = members.get(key);
          const now = stateOf(target, key);
          if (!before || before.length !== now.length || before.some((value, i) => value !== now[i])) {
            return "chai's " + (target === proto ? 'Assertion.prototype.' : 'Object.prototype.') + String(key);
          }
        }
      }
      return null;
    };

    const loadChai = async (file) => {
      try {
        const namespace = await import(require('url').pathToFileURL(Module.createRequire(file).resolve('chai')).href);
        const chai = typeof namespace.Assertion === 'function' ? namespace : namespace.default;
        return chai && typeof chai.Assertion === 'function' ? [chai, chai !== namespace] : null;
      } catch {
        return null;
      }
    };
    const start = async (file) => {
      const found = await loadChai(file);
      if (found === null) return;
      const [chai, commonJs] = found;
      const Assertion = chai.Assertion;
      proto = Assertion.prototype;
      model.set(proto, new Map());
      model.set(Object.prototype, new Map());
      for (const key of Reflect.ownKeys(proto)) remember(proto, key);
      remember(Object.prototype, 'should');
      watch('chai.assert', chai.assert);
      if (commonJs) (watch('chai', chai), watch('chai.util', chai.util));
      for (const name of ['addMethod', 'addProperty', 'addChainableMethod', 'overwriteMethod', 'overwriteProperty', 'overwriteChainableMethod']) {
        const original = Assertion[name];
        if (typeof original !== 'function') continue;
        Assertion[name] = function (key, ...rest) {
          const result = original.call(this, key, ...rest);
          if (this === Assertion && byTheTest()) remember(proto, key);
          return result;
        };
      }
      const define = Object.defineProperty;
      // Deep assertions compare with config.deepEqual when it is set, a setting tests may make themselves.
      const config = chai.config;
      if (config && typeof config === 'object' && Object.getOwnPropertyDescriptor(config, 'deepEqual')) {
        let [current, expected] = [config.deepEqual, config.deepEqual];
        const get = () => current;
        const set = (value) => {
          current = value;
          if (byTheTest()) expected = value;
        };
        define(config, 'deepEqual', { get, set, enumerable: true, configurable: true });
        deepEqualChanged = () => {
          const descriptor = Object.getOwnPropertyDescriptor(config, 'deepEqual');
          return !descriptor || descriptor.get !== get || descriptor.set !== set || current !== expected;
        };
      }
      Object.defineProperty = function (target, key) {
        const result = define.apply(this, arguments);
        if ((target === proto || (target === Object.prototype && key === 'should')) && byTheTest()) remember(target, key);
        return result;
      };
      layer = new Proxy(Object.getPrototypeOf(proto), {
        set(target, key, value, receiver) {
          const done = Reflect.set(target, key, value, receiver);
          if (receiver === proto && byTheTest()) remember(proto, key);
          return done;
        },
      });
      Object.setPrototypeOf(proto, layer);
    };

    let started = null;
    const loadWorker = Module._load;
    Module._load = function (...args) {
      const exported = loadWorker.apply(this, args);
      const mocha = typeof exported === 'function' && exported.name === 'Mocha' ? exported.prototype : null;
      if (mocha && typeof mocha.loadFilesAsync === 'function' && !mocha.loadFilesAsync.lfChai) {
        const loadFiles = mocha.loadFilesAsync;
        mocha.loadFilesAsync = async function (...inner) {
          const file = Array.isArray(this.files) && typeof this.files[0] === 'string' ? this.files[0] : '';
          spec = real(path.resolve(file));
          if (started === null) started = start(spec);
          await started;
          return loadFiles.apply(this, inner);
        };
        mocha.loadFilesAsync.lfChai = true;
      }
      return exported;
    };
  }
`;
