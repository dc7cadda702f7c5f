import type { CheckoutFiles } from './rule.js';

const CHANGELOGS = ['CHANGELOG', 'CHANGES', 'NEWS', 'HISTORY'].flatMap((name) =>
  ['.md', '.rst', '', '.txt'].flatMap((ext) => [
    `${name}${ext}`,
    `docs/${name.toLowerCase()}${ext}`,
    `doc/${name.toLowerCase()}${ext}`,
  ]),
);
/** An rst underline (or overline) of a heading. */
const RULE = /^([=\-~*^#+])\1{2,}\s*$/;
const VERSION = /(?:^|[\s[(v])(\d+\.\d+(?:\.\d+)?)(?![\w.])/;

/** Release numbers compared part by part (`1.10` after `1.9`); a part that is not a number counts as 0. */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map((v) => v.split('.').map((part) => Number.parseInt(part, 10) || 0));
  for (let i = 0; i < Math.max(x!.length, y!.length); i++) {
    const diff = (x![i] ?? 0) - (y![i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** The versions a changelog's headings name (`## 1.2.0`, `pluggy 1.6.0 (2025-05-15)` over `=====`). */
function headingVersions(text: string): string[] {
  const lines = text.split('\n');
  return lines.flatMap((line, i) => {
    const heading = line.startsWith('#') || RULE.test(lines[i + 1] ?? '');
    const version = heading && !RULE.test(line) ? VERSION.exec(line)?.[1] : undefined;
    return version ? [version] : [];
  });
}

/** The newest release the project's changelog names (CHANGELOG, CHANGES, NEWS, HISTORY, docs/changelog), if any. */
export async function changelogVersion(files: CheckoutFiles): Promise<string | undefined> {
  for (const path of CHANGELOGS) {
    const versions = headingVersions((await files.read(path)) ?? '');
    if (versions.length > 0) return versions.reduce((a, b) => (compareVersions(a, b) >= 0 ? a : b));
  }
  return undefined;
}
