import { z } from 'zod';

/** The fields of a GitHub pull request that mining reads. */
export const PullRequest = z.looseObject({
  number: z.number().int(),
  title: z.string(),
  body: z.string().nullable().default(null),
  created_at: z.string(),
  merged_at: z.string().nullable().default(null),
});
export type PullRequest = z.infer<typeof PullRequest>;

/** The fields of a GitHub issue that mining reads; `pull_request` is set when the "issue" is a PR. */
export const Issue = z.looseObject({
  number: z.number().int(),
  title: z.string(),
  body: z.string().nullable().default(null),
  created_at: z.string(),
  pull_request: z.unknown().optional(),
});
export type Issue = z.infer<typeof Issue>;

export const IssueComment = z.looseObject({
  body: z.string().nullable().default(null),
  created_at: z.string(),
});
export type IssueComment = z.infer<typeof IssueComment>;

/** What mining asks GitHub; injectable, so tests run against a local server speaking the same REST API. */
export interface GitHubClient {
  /** A pull request, or undefined when it does not exist. */
  pull(repo: string, number: number): Promise<PullRequest | undefined>;
  /** An issue (or PR seen as an issue), or undefined when it does not exist. */
  issue(repo: string, number: number): Promise<Issue | undefined>;
  /** Every comment of an issue, oldest first. */
  issueComments(repo: string, number: number): Promise<IssueComment[]>;
  /** The pull requests a commit belongs to. */
  pullsOfCommit(repo: string, sha: string): Promise<PullRequest[]>;
}
