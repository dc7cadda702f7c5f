import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formats } from '../../agent/formats.js';
import { functionListStyles } from '../../agent/fncall-text-styles.js';
import { loadPromptTemplates, openhandsSuffixFile } from '../../agent/template.js';
import { toolSchemas } from '../../agent/tools/index.js';
import { TaskInstance } from '../../schema/instance.js';
import { rolloutPrompts } from './prompts.js';

const instance = TaskInstance.parse({
  instance_id: 'acme__calc-1',
  repo: 'acme/calc',
  base_commit: 'a'.repeat(40),
  patch: '',
  test_patch: '',
  problem_statement: 'add() is wrong',
  version: '0.1',
  FAIL_TO_PASS: [],
  PASS_TO_PASS: [],
});

describe('rolloutPrompts', () => {
  it("appends the function list in the layout asked for, to OpenHands' own templates too", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lf-rollout-prompts-'));
    await writeFile(join(dir, 'system_prompt.j2'), 'You are OpenHands.\n');
    await writeFile(
      join(dir, 'swe_default.j2'),
      'In /workspace/{{ workspace_dir_name }}: {{ instance.problem_statement }}\n',
    );
    await writeFile(join(dir, 'continue.j2'), 'Go on.\n\n');
    const templates = await loadPromptTemplates(dir, 'openhands');
    const text = rolloutPrompts(templates, formats.text, instance, '/testbed');
    expect(text.instance).toBe('In /workspace/acme__calc__0.1: add() is wrong');
    expect(text.continue).toBe('Go on.\n');
    expect(text.system).toMatch(
      /^You are OpenHands\.\nTools you can call are listed below\.\n\n---- BEGIN FUNCTION #1: execute_bash ----\n/,
    );
    expect(text.system).toMatch(
      /\n- When no tool fits, answer in plain text and leave tools unmentioned\.\n$/,
    );
    expect(rolloutPrompts(templates, formats.native, instance, '/testbed').system).toBe('You are OpenHands.');
    const ours = rolloutPrompts(await loadPromptTemplates(), formats.text, instance, '/testbed');
    expect(ours.system).toContain('\n\nYou can call the following functions.\n\n### execute_bash\n');
    expect(ours.instance).toContain('<repository>\n/testbed\n</repository>');

    const suffix = '\n[[ the toolbox ]]\n{description}[[ end of toolbox ]]\n';
    await writeFile(join(dir, openhandsSuffixFile), suffix);
    const own = rolloutPrompts(await loadPromptTemplates(dir, 'openhands'), formats.text, instance, '/t');
    const list = functionListStyles.openhands.describe(toolSchemas());
    expect(own.system).toBe(`You are OpenHands.\n[[ the toolbox ]]\n${list}[[ end of toolbox ]]\n`);
  });
});
