import { readIfExists } from './manifest.js';
import { firstLine, nearest, type WantedRuntime } from './runtime.js';

const NODE_MAJORS = [12, 14, 16, 18, 20, 22, 24];
const NODE_LTS: Record<string, number> = {
  argon: 4,
  boron: 6,
  carbon: 8,
  dubnium: 10,
  erbium: 12,
  fermium: 14,
  gallium: 16,
  hydrogen: 18,
  iron: 20,
  jod: 22,
  krypton: 24,
};

/** Whether major `n` meets a node-semver range such as `>=14`, `^18 || ^20`, `18.x`, `16 - 20`. */
function meetsNodeRange(major: number, range: string): boolean {
  return range.split('||').some((alternative) => {
    const hyphen = /^\s*v?(\d+)\S*\s+-\s+v?(\d+)/.exec(alternative);
    if (hyphen) return major >= Number(hyphen[1]) && major <= Number(hyphen[2]);
    return alternative
      .replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .every((clause) => {
        const match = /^(\^|~|>=|<=|>|<|=)?v?(\d+|[*xX])(?:\.(\d+|[*xX]))?/.exec(clause);
        if (!match || /[*xX]/.test(match[2] ?? '')) return true;
        const n = Number(match[2]);
        const minor = Number(match[3] ?? 0) || 0;
        if (match[1] === '>=') return major >= n;
        if (match[1] === '>') return match[3] === undefined ? major > n : major >= n;
        if (match[1] === '<=') return major <= n;
        if (match[1] === '<') return major < n || (major === n && minor > 0);
        return major === n;
      });
  });
}

/** The node major a project wants: `.nvmrc` or `.node-version`, else the one nearest 20 that `engines.node` allows. */
export async function wantedNode(
  repoDir: string,
  engines: string | undefined,
): Promise<WantedRuntime | undefined> {
  for (const file of ['.nvmrc', '.node-version']) {
    const line = firstLine(await readIfExists(repoDir, file)).toLowerCase();
    const major = /^v?(\d+)/.exec(line)?.[1] ?? NODE_LTS[line.replace(/^lts\//, '')]?.toString();
    if (major) return { version: major, source: file };
  }
  if (engines === undefined) return undefined;
  const version = nearest(NODE_MAJORS.filter((major) => meetsNodeRange(major, engines)).map(String), '20');
  return version === undefined ? undefined : { version, source: `engines.node "${engines}"` };
}
