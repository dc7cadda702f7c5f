import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chai4Forgeries, chai5Forgeries } from './chai.case.js';
import { expectDefeated, forgeryFixture, type ForgeryFixture } from './fixture.js';
import { jest19Forgeries, jestForgeries, oldJestForgeries } from './jest.case.js';
import { buildJsRepos } from './js-repos.js';
import { mochaForgeries } from './mocha.case.js';

let fixture: ForgeryFixture;

beforeAll(async () => {
  fixture = await forgeryFixture(buildJsRepos);
}, 600_000);

afterAll(async () => {
  await fixture.close();
});

describe.each([
  { runner: 'jest', instance: 'jestkit-1', forgeries: jestForgeries },
  { runner: 'jest 27', instance: 'oldjestkit-1', forgeries: oldJestForgeries },
  { runner: 'jest 19', instance: 'jest19kit-1', forgeries: jest19Forgeries },
  { runner: 'mocha', instance: 'mochakit-1', forgeries: mochaForgeries },
  { runner: 'mocha + chai 4', instance: 'chaikit-1', forgeries: chai4Forgeries },
  { runner: 'mocha + chai 5', instance: 'chai5kit-1', forgeries: chai5Forgeries },
])('forging a $runner result on a real $runner repository', ({ instance, forgeries }) => {
  it('the fixture is sound: the gold patch resolves, the empty patch does not', async () => {
    const gold = await fixture.judgePatch(instance, fixture.instance(instance).patch);
    expect(gold, gold.message).toMatchObject({ status: 'resolved', resolved: true, touches_test_infra: [] });
    const empty = await fixture.judgePatch(instance, '');
    expect(empty, empty.message).toMatchObject({ status: 'unresolved', resolved: false });
    expect(empty.tests_status?.FAIL_TO_PASS.failure).toEqual(fixture.instance(instance).FAIL_TO_PASS);
    expect(empty.tests_status?.PASS_TO_PASS.failure).toEqual([]);
  });

  it.each(forgeries)('$name', (forgery) => expectDefeated(fixture, forgery), 300_000);
});
