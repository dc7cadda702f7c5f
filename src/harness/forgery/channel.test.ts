import { afterAll, beforeAll, describe, it } from 'vitest';
import { jestChannelForgeries, mochaChannelForgeries, nodeTestChannelForgeries } from './channel.case.js';
import { expectDefeated, forgeryFixture, type ForgeryFixture } from './fixture.js';
import { buildJsRepos } from './js-repos.js';
import { buildNodeTestRepo } from './node-test-repo.js';

let jsRepos: ForgeryFixture;
let nodeTestRepo: ForgeryFixture;

beforeAll(async () => {
  jsRepos = await forgeryFixture(buildJsRepos);
  nodeTestRepo = await forgeryFixture(buildNodeTestRepo);
}, 600_000);

afterAll(async () => {
  await jsRepos.close();
  await nodeTestRepo.close();
});

describe("rewriting a worker's results on their way to the runner", () => {
  it.each(nodeTestChannelForgeries)(
    'node --test: $name',
    (forgery) => expectDefeated(nodeTestRepo, forgery),
    300_000,
  );
  it.each(jestChannelForgeries)('jest: $name', (forgery) => expectDefeated(jsRepos, forgery), 300_000);
  it.each(mochaChannelForgeries)('mocha: $name', (forgery) => expectDefeated(jsRepos, forgery), 300_000);
});
