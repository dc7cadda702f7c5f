import { closedIssues, pullNumberOf } from '../../../github/links.js';
import type { GitHubClient, Issue, PullRequest } from '../../../github/types.js';
import type { StatementSource } from '../../../schema/swegen.js';
import type { Change } from './history.js';

/** A candidate's problem statement, hints and where they came from. */
export interface Statement {
  problem_statement: string;
  hints_text: string;
  statement_source: StatementSource;
  created_at: string;
  pull?: number;
  issues: number[];
}

const GITHUB_MERGE = /^Merge pull request #\d+ from \S+\s*\n/;

/** The commit message as a statement; a GitHub merge's first line goes when a PR title follows it. */
export function messageStatement(message: string): string {
  const rest = message.replace(GITHUB_MERGE, '').trim();
  return rest === '' ? message.trim() : rest;
}

const titleAndBody = (item: { title: string; body: string | null }) =>
  `${item.title}\n${item.body ?? ''}`.trim();

async function findPull(github: GitHubClient, repo: string, change: Change) {
  const number = pullNumberOf(change.message);
  if (number !== undefined) return github.pull(repo, number);
  const pulls = await github.pullsOfCommit(repo, change.sha);
  return pulls.find((pull) => pull.merged_at !== null) ?? pulls[0];
}

async function linkedIssues(github: GitHubClient, repo: string, text: string): Promise<Issue[]> {
  const found = await Promise.all(closedIssues(text, repo).map((n) => github.issue(repo, n)));
  return found.filter((issue): issue is Issue => issue !== undefined && issue.pull_request === undefined);
}

async function hintsBefore(github: GitHubClient, repo: string, issues: Issue[], date: string) {
  const fixedAt = Date.parse(date);
  const comments = (
    await Promise.all(issues.map((issue) => github.issueComments(repo, issue.number)))
  ).flat();
  return comments
    .filter((comment) => Date.parse(comment.created_at) < fixedAt && comment.body)
    .map((comment) => comment.body!.trim())
    .join('\n');
}

/** The statement from GitHub: the linked issues, else the pull request's title and body. */
async function fromGitHub(
  github: GitHubClient,
  repo: string,
  change: Change,
): Promise<Statement | undefined> {
  const pull: PullRequest | undefined = await findPull(github, repo, change);
  const text = [pull?.title, pull?.body, change.message].filter(Boolean).join('\n');
  const issues = await linkedIssues(github, repo, text);
  const common = {
    created_at: pull?.created_at ?? change.date,
    issues: issues.map((issue) => issue.number),
    ...(pull ? { pull: pull.number } : {}),
  };
  if (issues.length > 0) {
    const statement = issues.map(titleAndBody).join('\n\n');
    const hints = await hintsBefore(github, repo, issues, change.date);
    return { problem_statement: statement, hints_text: hints, statement_source: 'issue', ...common };
  }
  if (pull && titleAndBody(pull) !== '')
    return {
      problem_statement: titleAndBody(pull),
      hints_text: '',
      statement_source: 'pull_request',
      ...common,
    };
  return undefined;
}

/**
 * The problem statement of a change, by preference: with a GitHub client, the issues it closes (hints:
 * their comments made before the fix), then its pull request's title and body; otherwise its message.
 */
export async function statementOf(change: Change, repo: string, github?: GitHubClient): Promise<Statement> {
  const found = github ? await fromGitHub(github, repo, change) : undefined;
  if (found) return found;
  const pull = pullNumberOf(change.message);
  return {
    problem_statement: messageStatement(change.message),
    hints_text: '',
    statement_source: 'commit',
    created_at: change.date,
    issues: [],
    ...(pull === undefined ? {} : { pull }),
  };
}
