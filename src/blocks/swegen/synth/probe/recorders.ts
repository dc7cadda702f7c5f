/**
 * Call recorders that run inside the project's own test processes while the suite runs once, each
 * writing the repository functions that ran (`path<TAB>name`, one per line) to a file per process
 * under LF_CALLS_OUT. They need nothing installed in the project.
 */

/** Records every Python function called under the repository root (module bodies and .git aside), per process, at exit. */
export const pythonRecorder = `import atexit, os, sys, threading
_lf_root = os.path.realpath(os.environ.get("LF_CALLS_ROOT", "/")) + os.sep
_lf_out = os.environ.get("LF_CALLS_OUT", "")
_lf_seen = set()
def _lf_profile(frame, event, arg):
    if event == "call":
        _lf_seen.add((frame.f_code.co_filename, frame.f_code.co_name))
def _lf_dump():
    sys.setprofile(None)
    threading.setprofile(None)
    lines = set()
    for filename, name in list(_lf_seen):
        if filename.startswith("<") or name.startswith("<"):
            continue
        path = os.path.realpath(filename)
        relative = path[len(_lf_root):]
        if path.startswith(_lf_root) and not relative.startswith(".git" + os.sep):
            lines.add(relative + "\\t" + name)
    os.makedirs(_lf_out, exist_ok=True)
    with open(os.path.join(_lf_out, "%d.txt" % os.getpid()), "w") as f:
        f.write("\\n".join(sorted(lines)) + "\\n")
if _lf_out:
    sys.setprofile(_lf_profile)
    threading.setprofile(_lf_profile)
    atexit.register(_lf_dump)
`;

/**
 * Records the functions V8 ran in every Node process and worker thread (preloaded with
 * `--require`), by precise function coverage through the inspector. Test runners end their workers with
 * a signal or `worker.terminate()`, where no exit handler runs, so the record is also written on
 * SIGTERM, SIGINT and SIGHUP (the signal is raised again when nothing else handles it) and every second.
 * It never throws into the process it runs in.
 */
export const nodeRecorder = `'use strict';
const out = process.env.LF_CALLS_OUT;
if (out) {
  try {
    const fs = require('node:fs');
    const path = require('node:path');
    const { fileURLToPath } = require('node:url');
    const { threadId } = require('node:worker_threads');
    const inspector = require('node:inspector');
    const root = fs.realpathSync(process.env.LF_CALLS_ROOT || '/') + path.sep;
    const file = path.join(out, process.pid + '-' + threadId + '.txt');
    const seen = new Set();
    const inRepo = new Map();
    const repoPath = (url) => {
      if (inRepo.has(url)) return inRepo.get(url);
      let found = null;
      try {
        const p = fs.realpathSync(url.startsWith('file:') ? fileURLToPath(url) : url);
        const relative = p.slice(root.length);
        const ours = relative.startsWith('.git' + path.sep) || relative.includes('node_modules' + path.sep);
        if (p.startsWith(root) && !ours) found = relative;
      } catch {}
      inRepo.set(url, found);
      return found;
    };
    let session = null;
    try {
      session = new inspector.Session();
      session.connect();
      session.post('Profiler.enable');
      session.post('Profiler.startPreciseCoverage', { callCount: false, detailed: false });
    } catch {
      session = null;
    }
    const record = (err, coverage) => {
      if (err || !coverage) return;
      for (const script of coverage.result) {
        if (!script.url.startsWith('/') && !script.url.startsWith('file:')) continue;
        const where = repoPath(script.url);
        if (where === null) continue;
        for (const fn of script.functions)
          if (fn.functionName && fn.ranges[0] && fn.ranges[0].count > 0) seen.add(where + '\\t' + fn.functionName);
      }
    };
    const dump = () => {
      try {
        if (session !== null) session.post('Profiler.takePreciseCoverage', record);
        fs.mkdirSync(out, { recursive: true });
        fs.writeFileSync(file, Array.from(seen).join('\\n') + '\\n');
      } catch {}
    };
    process.on('exit', dump);
    for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
      const onSignal = () => {
        dump();
        process.removeListener(signal, onSignal);
        if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
      };
      process.on(signal, onSignal);
    }
    setInterval(dump, 1000).unref();
  } catch {
    // Recording is best effort: it must never break the tests it watches.
  }
}
`;
