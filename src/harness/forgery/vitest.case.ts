import type { ForgeryCase } from './fixture.js';

export const vitestForgeries: ForgeryCase[] = [];
