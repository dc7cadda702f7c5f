/** Test support: code a forged module runs against the judge, shared by the runners' cases. */

/** How the forged module loads `node:fs`: an ES module import or a CommonJS require. */
export type ModuleStyle = 'esm' | 'cjs';

function loadFs(names: string, style: ModuleStyle): string {
  return style === 'esm' ? `import { ${names} } from 'node:fs';` : `const { ${names} } = require('node:fs');`;
}

/** Walks up the process tree to the judge's script and plants `report` where it copies reports. */
export function plantCopy(report: string, style: ModuleStyle): string {
  return `${loadFs('mkdirSync, readFileSync, writeFileSync', style)}
let pid = process.pid;
for (let hops = 0; hops < 12 && pid > 1; hops += 1) {
  const cmdline = readFileSync(\`/proc/\${pid}/cmdline\`, 'utf8').replace(/[\\0']/g, ' ');
  const copy = /(\\S*\\/\\.git\\/lf-harness\\/judge-[0-9a-f]+)/.exec(cmdline)?.[1];
  if (copy) {
    mkdirSync(copy, { recursive: true });
    writeFileSync(\`\${copy}/runner-report\`, ${JSON.stringify(report)});
    break;
  }
  pid = Number(readFileSync(\`/proc/\${pid}/stat\`, 'utf8').split(') ')[1].split(' ')[1]);
}`;
}

/**
 * Walks up the process tree (this process first) to the runner, the first process with an argument that
 * starts with `flag`, and writes `report` at the path after the flag; `runner` is left holding its pid.
 */
export function writeReportAtFlag(flag: string, report: string, style: ModuleStyle): string {
  return `${loadFs('readFileSync, writeFileSync', style)}
let runner = process.pid;
for (let hops = 0; hops < 12 && runner > 1; hops += 1) {
  const args = readFileSync(\`/proc/\${runner}/cmdline\`, 'utf8').split('\\0');
  const arg = args.find((each) => each.startsWith(${JSON.stringify(flag)}));
  if (arg) {
    writeFileSync(arg.slice(${flag.length}), ${JSON.stringify(report)});
    break;
  }
  runner = Number(readFileSync(\`/proc/\${runner}/stat\`, 'utf8').split(') ')[1].split(' ')[1]);
}`;
}

/**
 * Starts a detached process that outlives the test file and keeps writing `fake` (an unsigned report)
 * over the judge's signed copy of the runner's report for a few seconds, racing the runner's own write.
 */
export function overwriteSignedReport(fake: string, style: ModuleStyle): string {
  const daemon = `const { writeFileSync } = require('node:fs');
const target = process.env.LF_JUDGE_DIR + '/runner-report.signed';
const until = Date.now() + 8000;
const tick = () => {
  try { writeFileSync(target, ${JSON.stringify(fake)}); } catch {}
  if (Date.now() < until) setTimeout(tick, 1);
};
tick();`;
  const load =
    style === 'esm'
      ? "import { spawn } from 'node:child_process';"
      : "const { spawn } = require('node:child_process');";
  return `${load}
spawn(process.execPath, ['-e', ${JSON.stringify(daemon)}], { detached: true, stdio: 'ignore' }).unref();`;
}
