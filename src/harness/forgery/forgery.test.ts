import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgeryFixture, type ForgeryCase, type ForgeryFixture } from './fixture.js';
import { pytestForgeries } from './pytest.case.js';
import { vitestForgeries } from './vitest.case.js';

let fixture: ForgeryFixture;

beforeAll(async () => {
  fixture = await forgeryFixture();
}, 600_000);

afterAll(async () => {
  await fixture.close();
});

async function expectDefeated(forgery: ForgeryCase): Promise<void> {
  const judgement = await fixture.judge(forgery);
  const seen = { status: judgement.status, message: judgement.message, infra: judgement.touches_test_infra };
  expect(seen.infra, JSON.stringify(seen)).toEqual(forgery.infra ?? []);
  if ('flagged' in forgery.expect) {
    expect(seen.infra.length, JSON.stringify(seen)).toBeGreaterThan(0);
    const protectedRun = await fixture.judge(forgery, { protectTestInfra: true });
    expect(protectedRun).toMatchObject({ status: 'unresolved', resolved: false });
    expect(protectedRun.touches_test_infra).toEqual(forgery.infra);
    return;
  }
  expect(seen.status, JSON.stringify(seen)).toBe(forgery.expect.status);
  expect(judgement.resolved).toBe(false);
  if (forgery.expect.message) expect(seen.message).toMatch(forgery.expect.message);
}

describe('forging a pytest result on the example repo', () => {
  it.each(pytestForgeries)('$name', expectDefeated, 300_000);
});

describe('forging a vitest result on the example repo', () => {
  it.each(vitestForgeries)('$name', expectDefeated, 300_000);
});
