import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addTaskOptions, nonNegative, positiveInt, wholeNumber } from './options.js';

describe('number flags', () => {
  it('take what they promise and name the bad value otherwise', () => {
    expect([wholeNumber('-3'), wholeNumber('0'), nonNegative('0.5'), positiveInt('4')]).toEqual([
      -3, 0, 0.5, 4,
    ]);
    for (const bad of ['', '1e3', '2.5', ' 7']) expect(() => wholeNumber(bad)).toThrow(`"${bad}"`);
    for (const bad of ['-1', 'x', 'Infinity'])
      expect(() => nonNegative(bad)).toThrow(/expected a number >= 0/);
    for (const bad of ['0', '1.5']) expect(() => positiveInt(bad)).toThrow(/positive whole number/);
  });
});

describe('--history', () => {
  const parse = (...args: string[]) =>
    addTaskOptions(new Command().exitOverride().configureOutput({ writeErr: () => {} }))
      .parse(args, { from: 'user' })
      .opts()['history'];

  it('defaults to full, takes shallow, and refuses anything else', () => {
    expect([parse(), parse('--history', 'shallow'), parse('--history', 'full')]).toEqual([
      'full',
      'shallow',
      'full',
    ]);
    expect(() => parse('--history', 'deep')).toThrow(/Allowed choices are full, shallow/);
  });
});
