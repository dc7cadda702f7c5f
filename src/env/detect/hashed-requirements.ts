import { shellQuote } from '../shell.js';
import { readIfExists } from './manifest.js';

/** Joins continued lines, drops `--hash=` options and `--require-hashes` lines (GNU sed). */
const UNHASH = String.raw`:a;/\\$/{N;s/\\\n//;ba};s/[[:space:]]+--hash[= ][^[:space:]]+//g;/^[[:space:]]*--require-hashes/d`;

/**
 * `sed` lines that strip the hashes from the requirement files that carry them (`pip-compile
 * --generate-hashes`). One `--hash` puts pip in hash-checking mode for the whole command, which refuses
 * the project directory and every unhashed requirement beside it, and the hashes name PyPI's files for
 * pins a local index often lacks; without them the file installs as plain pins, with the project.
 */
export async function unhashRequirementFiles(repoDir: string, files: readonly string[]): Promise<string[]> {
  const lines: string[] = [];
  for (const file of files) {
    const text = (await readIfExists(repoDir, file)) ?? '';
    if (/(^|\s)--(hash[= ]|require-hashes)/m.test(text))
      lines.push(`sed -i -E ${shellQuote(UNHASH)} ${shellQuote(file)}`);
  }
  return lines;
}
