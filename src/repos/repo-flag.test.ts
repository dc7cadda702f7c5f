import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LegoError } from '../errors.js';
import { isUrlSource, parseEnvFlag, parseRepoFlag } from './repo-flag.js';

describe('parseRepoFlag', () => {
  it('collects repeated values into a map, making local paths absolute', () => {
    const first = parseRepoFlag('acme/widgets=./some/dir');
    const both = parseRepoFlag('acme/gears=https://example.com/acme/gears.git', first);
    expect([...both]).toEqual([
      ['acme/widgets', resolve('some/dir')],
      ['acme/gears', 'https://example.com/acme/gears.git'],
    ]);
    expect([...first]).toEqual([['acme/widgets', resolve('some/dir')]]);
  });

  it('keeps URLs, scp-like addresses, absolute paths and "=" inside the source as given', () => {
    expect(parseRepoFlag('a/b=file:///srv/b.git').get('a/b')).toBe('file:///srv/b.git');
    expect(parseRepoFlag('a/b=git@github.com:a/b.git').get('a/b')).toBe('git@github.com:a/b.git');
    expect(parseRepoFlag('a/b=/srv/x=y').get('a/b')).toBe('/srv/x=y');
  });

  it.each(['acme/widgets', 'widgets=/tmp/x', 'acme/widgets=', 'a/b/c=/tmp/x', '=/tmp/x'])(
    'rejects %j with bad_input',
    (value) => {
      expect(() => parseRepoFlag(value)).toThrow(LegoError);
      expect(() => parseRepoFlag(value)).toThrow(`--repo expects owner/name=PATH_OR_URL, got "${value}"`);
    },
  );
});

describe('parseEnvFlag', () => {
  it('maps repositories to absolute spec file paths', () => {
    expect([...parseEnvFlag('acme/widgets=spec.yaml')]).toEqual([['acme/widgets', resolve('spec.yaml')]]);
    expect(() => parseEnvFlag('spec.yaml')).toThrow('--env expects owner/name=spec.yaml, got "spec.yaml"');
  });
});

describe('isUrlSource', () => {
  it('tells URLs from paths', () => {
    expect(['https://h/x.git', 'file:///x', 'ssh://h/x', 'git@h:x.git'].map(isUrlSource)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['/srv/x', './x', 'x', 'C:x'].map(isUrlSource)).toEqual([false, false, false, false]);
  });
});
