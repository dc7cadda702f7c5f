import { describe, expect, it } from 'vitest';
import { parsePipConfig, pipEnv, pipMountPaths, resolves } from './pip-options.js';

describe('parsePipConfig', () => {
  it('reads indexes from `pip config list`, environment first, then [install], then [global]', () => {
    const text = [
      ":env:.find-links='/opt/wheels'",
      "global.extra-index-url='file:///opt/pypi/simple file:///opt/pypi-more/simple'",
      "global.find-links='/ignored'",
      "global.index-url='https://global.example/simple'",
      "install.index-url='https://install.example/simple'",
      "global.retries='2'",
      "global.cert='/etc/ssl/certs/ca-certificates.crt'",
    ].join('\n');
    expect(parsePipConfig(text)).toEqual({
      indexUrl: 'https://install.example/simple',
      extraIndexUrls: ['file:///opt/pypi/simple', 'file:///opt/pypi-more/simple'],
      findLinks: ['/opt/wheels'],
      retries: 2,
    });
    expect(parsePipConfig('')).toEqual({});
  });
});

describe('pipEnv and pipMountPaths', () => {
  const pip = {
    indexUrl: 'https://pypi.example/simple',
    extraIndexUrls: ['file:///opt/pypi/simple', 'file:///srv/index/'],
    findLinks: ['/opt/pypi/files', '/opt/wheels', 'https://wheels.example/'],
    retries: 0,
  };

  it('sets pip environment variables', () => {
    expect(pipEnv(pip)).toEqual({
      PIP_INDEX_URL: 'https://pypi.example/simple',
      PIP_EXTRA_INDEX_URL: 'file:///opt/pypi/simple file:///srv/index/',
      PIP_FIND_LINKS: '/opt/pypi/files /opt/wheels https://wheels.example/',
      PIP_RETRIES: '0',
    });
    expect(pipEnv({})).toEqual({});
  });

  it('mounts local indexes (a simple/ index with its parent) and find-links dirs, each once', () => {
    expect(pipMountPaths(pip)).toEqual(['/opt/pypi', '/srv/index', '/opt/wheels']);
  });
});

describe('resolves', () => {
  it('tells a resolvable host from one that cannot resolve', async () => {
    expect(await resolves('localhost')).toBe(true);
    expect(await resolves('no-such-host.invalid')).toBe(false);
  });
});
