import { describeSubmodule, type SubmoduleCheckout } from './submodules.js';

/** How much of a base commit's history a workspace fetches; `full` falls back to shallow when it must. */
export const historyModes = ['full', 'shallow'] as const;
export type HistoryMode = (typeof historyModes)[number];

/**
 * How a workspace was checked out: with every ancestor, or shallow with `depth` commits of history; and
 * its submodules, when the commit has any.
 */
export type Checkout = ({ history: 'full' } | { history: 'shallow'; depth: number; reason: string }) & {
  submodules?: SubmoduleCheckout[];
};

function historyLine(at: string, checkout: Checkout): string {
  if (checkout.history === 'full') return `${at}: full history`;
  const deep = checkout.depth === 1 ? 'the base commit alone' : `${checkout.depth} commits deep`;
  return `${at}: shallow, ${deep} (${checkout.reason})`;
}

/** The lines for an item's log saying which checkout was used and why, and one per submodule. */
export function describeCheckout(repo: string, sha: string, checkout: Checkout): string {
  const line = historyLine(`checkout ${repo}@${sha.slice(0, 12)}`, checkout);
  return [line, ...(checkout.submodules ?? []).map(describeSubmodule)].join('\n');
}
