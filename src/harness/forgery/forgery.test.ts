import { afterAll, beforeAll, describe, it } from 'vitest';
import { expectDefeated, forgeryFixture, type ForgeryFixture } from './fixture.js';
import { pytestForgeries } from './pytest.case.js';
import { vitestForgeries } from './vitest.case.js';

let fixture: ForgeryFixture;

beforeAll(async () => {
  fixture = await forgeryFixture();
}, 600_000);

afterAll(async () => {
  await fixture.close();
});

describe('forging a pytest result on the example repo', () => {
  it.each(pytestForgeries)('$name', (forgery) => expectDefeated(fixture, forgery), 300_000);
});

describe('forging a vitest result on the example repo', () => {
  it.each(vitestForgeries)('$name', (forgery) => expectDefeated(fixture, forgery), 300_000);
});
