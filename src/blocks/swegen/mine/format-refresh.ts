import { formatTable } from '../../../format-table.js';
import type { MineRefresh } from '../../../schema/swegen.js';

const short = (sha: string | null) => (sha ? sha.slice(0, 12) : '-');

/** A refresh for people: one headline, then per repository its cursor, new head, commits and candidates. */
export function formatRefresh(refresh: MineRefresh): string {
  const skipped = refresh.repos_skipped > 0 ? `, ${refresh.repos_skipped} skipped` : '';
  const headline =
    refresh.new_commits === 0 && refresh.repos_mined === 0
      ? `refresh: no new commits in ${refresh.repos_unchanged} repositories, nothing mined${skipped}`
      : `refresh: ${refresh.new_commits} new commits, ${refresh.new_candidates} new candidates; ` +
        `${refresh.repos_mined} repositories mined, ${refresh.repos_unchanged} unchanged${skipped}`;
  const rows = [['repo', 'status', 'cursor', 'head', 'new commits', 'new candidates', 'reason']];
  for (const repo of refresh.repos)
    rows.push([
      repo.repo,
      repo.force_pushed ? `${repo.status} (force-pushed)` : repo.status,
      short(repo.cursor_before),
      short(repo.head_after),
      `${repo.new_commits}`,
      `${repo.new_candidates}`,
      repo.error ? `${repo.error.code}: ${repo.error.message.split('\n')[0]}` : '',
    ]);
  return `${headline}\n\n${formatTable(rows)}`;
}
