import { testName } from '../probe/evidence.js';

const squeeze = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();

/** Lines the fix adds that say something (at least 8 characters with a letter or digit), squeezed. */
export function fixLines(patch: string): string[] {
  return patch
    .split('\n')
    .filter((line) => line.startsWith('+') && !line.startsWith('+++'))
    .map((line) => squeeze(line.slice(1)))
    .filter((line) => line.length >= 8 && /[a-z0-9]/.test(line));
}

/** Names a statement may not use for a test: its id, and its own name without parameters (8+ characters). */
export function testNames(tests: string[]): string[] {
  return tests.flatMap((test) => {
    const own = testName(test).replace(/\[.*\]$/, '');
    return [test, own].map(squeeze).filter((name) => name.length >= 8);
  });
}

/**
 * Why a problem statement gives the task away, or null: it quotes a line the fix adds, or names a
 * failing test.
 */
export function statementLeak(statement: string, fix: { patch: string; tests: string[] }): string | null {
  const text = squeeze(statement);
  const line = fixLines(fix.patch).find((added) => text.includes(added));
  if (line) return `quotes a line the fix adds: ${line}`;
  const name = testNames(fix.tests).find((test) => text.includes(test));
  return name ? `names a failing test: ${name}` : null;
}
