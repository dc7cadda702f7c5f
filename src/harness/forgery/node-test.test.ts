import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectDefeated, forgeryFixture, type ForgeryFixture } from './fixture.js';
import { nodeTestForgeries } from './node-test.case.js';
import { buildNodeTestRepo } from './node-test-repo.js';

let fixture: ForgeryFixture;

beforeAll(async () => {
  fixture = await forgeryFixture(buildNodeTestRepo);
}, 600_000);

afterAll(async () => {
  await fixture.close();
});

describe('forging a node --test result on a real node --test repository', () => {
  it('the fixture is sound: the gold patch resolves, the empty patch does not', async () => {
    const instance = fixture.instance('nodetestkit-1');
    expect(fixture.sandboxes).toBeDefined();
    const gold = await fixture.judgePatch('nodetestkit-1', instance.patch);
    expect(gold, gold.message).toMatchObject({ status: 'resolved', resolved: true, touches_test_infra: [] });
    expect(gold.tests_status?.FAIL_TO_PASS.success).toEqual(instance.FAIL_TO_PASS);
    expect(gold.tests_status?.PASS_TO_PASS.success).toEqual(instance.PASS_TO_PASS);
    const empty = await fixture.judgePatch('nodetestkit-1', '');
    expect(empty, empty.message).toMatchObject({ status: 'unresolved', resolved: false });
    expect(empty.tests_status?.FAIL_TO_PASS.failure).toEqual(instance.FAIL_TO_PASS);
    expect(empty.tests_status?.PASS_TO_PASS.success).toEqual(instance.PASS_TO_PASS);
  }, 300_000);

  it.each(nodeTestForgeries)('$name', (forgery) => expectDefeated(fixture, forgery), 300_000);
});
