import { describe, expect, it } from 'vitest';
import { formatTable } from './format-table.js';

describe('formatTable', () => {
  it('pads columns to their widest cell, underlines the header and trims line ends', () => {
    expect(
      formatTable([
        ['name', 'n'],
        ['a', '10'],
        ['longer', '2'],
      ]),
    ).toBe(['name    n', '------  --', 'a       10', 'longer  2'].join('\n'));
  });

  it('gives empty text for no rows', () => {
    expect(formatTable([])).toBe('');
  });
});
