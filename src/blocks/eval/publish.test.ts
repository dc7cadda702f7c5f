import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EvalReport } from '../../schema/report.js';
import { openRunStore, type RunStore } from '../../store/run-store.js';
import { publishArtifacts, reconcileArtifacts, reportJson, stagedArtifactsDir } from './publish.js';

const key = 'm/acme__calc-1';
const report = (status: 'resolved' | 'empty_patch', duration_ms: number): EvalReport => ({
  instance_id: 'acme__calc-1',
  model_name_or_path: 'm',
  status,
  message: '',
  patch_is_None: false,
  patch_exists: status !== 'empty_patch',
  patch_successfully_applied: status === 'resolved',
  apply_method: null,
  resolved: status === 'resolved',
  resolution: status === 'resolved' ? 'FULL' : 'NO',
  duration_ms,
});

let store: RunStore;
beforeEach(() => {
  store = openRunStore(mkdtempSync(join(tmpdir(), 'lf-publish-')));
});
afterEach(() => store.close());

const published = () => join(store.dir, 'm', 'acme__calc-1');
const staged = () => stagedArtifactsDir(store.itemDir('eval', key));

function stage(files: Record<string, string>): void {
  mkdirSync(staged(), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(staged(), name), text);
}

function commit(r: EvalReport): void {
  store.record('eval', key, { status: 'done', configHash: 'h', attempts: 1, output: r });
}

const files = () =>
  Object.fromEntries(
    readdirSync(published()).map((name) => [name, readFileSync(join(published(), name), 'utf8')]),
  );

describe('eval artifacts', () => {
  it('replace the published ones only when published, dropping files the new attempt did not write', () => {
    const first = report('resolved', 5);
    stage({ 'report.json': reportJson(first), 'test_output.txt': '2 passed', 'patch.diff': 'diff' });
    commit(first);
    publishArtifacts(store, 'eval', key, first);
    expect(files()).toEqual({
      'report.json': reportJson(first),
      'test_output.txt': '2 passed',
      'patch.diff': 'diff',
    });
    expect(existsSync(staged())).toBe(false);

    const second = report('empty_patch', 0);
    stage({ 'report.json': reportJson(second), 'patch.diff': '' });
    expect(files()['report.json']).toBe(reportJson(first));
    publishArtifacts(store, 'eval', key, second);
    expect(files()).toEqual({ 'report.json': reportJson(second), 'patch.diff': '' });
  });

  it('after a kill, publish an attempt that committed and drop one that did not', () => {
    const first = report('resolved', 5);
    stage({ 'report.json': reportJson(first), 'test_output.txt': 'first' });
    commit(first);
    reconcileArtifacts(store, 'eval');
    expect(files()).toEqual({ 'report.json': reportJson(first), 'test_output.txt': 'first' });

    stage({ 'report.json': reportJson(report('empty_patch', 0)), 'patch.diff': '' });
    reconcileArtifacts(store, 'eval');
    expect(existsSync(staged())).toBe(false);
    expect(files()).toEqual({ 'report.json': reportJson(first), 'test_output.txt': 'first' });
  });
});
