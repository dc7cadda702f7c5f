import { isAbsolute, resolve } from 'node:path';
import { LegoError } from '../errors.js';

const REPO_NAME = /^[\w.-]+\/[\w.-]+$/;
const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\/|^[\w.-]+@[\w.-]+:/i;

/** Whether a repository source is a URL (scheme:// or scp-like user@host:path) rather than a local path. */
export function isUrlSource(source: string): boolean {
  return URL_LIKE.test(source);
}

function parseMapping(flag: string, value: string, what: string, previous: Map<string, string>) {
  const eq = value.indexOf('=');
  const repo = value.slice(0, eq);
  const target = value.slice(eq + 1);
  if (eq < 0 || !REPO_NAME.test(repo) || target === '') {
    throw new LegoError('bad_input', `${flag} expects owner/name=${what}, got "${value}"`);
  }
  const next = new Map(previous);
  next.set(repo, target);
  return { repo, target, next };
}

/**
 * Parses one `--repo owner/name=PATH_OR_URL` value into the map of repositories given so far (usable as a
 * commander argument parser for a repeatable flag). Local paths become absolute.
 */
export function parseRepoFlag(value: string, previous = new Map<string, string>()): Map<string, string> {
  const { repo, target, next } = parseMapping('--repo', value, 'PATH_OR_URL', previous);
  next.set(repo, isUrlSource(target) || isAbsolute(target) ? target : resolve(target));
  return next;
}

/** Parses one `--env owner/name=spec.yaml` value into the map of spec files given so far. */
export function parseEnvFlag(value: string, previous = new Map<string, string>()): Map<string, string> {
  const { repo, target, next } = parseMapping('--env', value, 'spec.yaml', previous);
  next.set(repo, resolve(target));
  return next;
}
