import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LegoError } from '../errors.js';
import { loadPromptTemplates, openhandsPromptFiles, renderPrompts, renderTemplate } from './template.js';

const values = {
  repo_path: '/testbed',
  repo: 'acme/calc',
  instance_id: 'acme__calc-1',
  base_commit: 'abc123',
  problem_statement: 'add() is wrong',
  hints_text: '',
  version: '1.0',
};

/** A small copy in OpenHands' layout: its file names, its variable names, a Jinja `if`. */
async function openhandsDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lf-openhands-prompts-'));
  const files = {
    [openhandsPromptFiles.system]: 'You are an agent.\n\n<ROLE>\nFix things.\n</ROLE>\n\n',
    [openhandsPromptFiles.instance]:
      '<uploaded_files>\n/workspace/{{ workspace_dir_name }}\n</uploaded_files>\n' +
      '{% if instance.hints_text %}\nHints: {{ instance.hints_text }}\n{% endif %}\n' +
      'Issue:\n{{ instance.problem_statement }}\nBase: {{ instance.base_commit }}{{ test_instructions }}\n',
    [openhandsPromptFiles.continue]: 'Please continue.\nIMPORTANT: NEVER ASK FOR HELP.\n\n',
  };
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

describe('prompt templates', () => {
  it('ships the four templates, and the instance template names the repository and the issue', async () => {
    const templates = await loadPromptTemplates();
    const prompt = renderTemplate(templates.instance, {
      repo_path: '/testbed',
      repo: 'acme/calc',
      instance_id: 'acme__calc-1',
      base_commit: 'abc',
      problem_statement: 'add() is wrong',
      hints_text: '',
    });
    expect(prompt).toContain('<repository>\n/testbed\n</repository>');
    expect(prompt).toContain('<issue>\nadd() is wrong\n</issue>');
    expect(prompt).toMatch(/non-test files/);
    expect(templates.textFunctions).toContain('{{functions}}');
  });

  it('refuses a placeholder without a value, naming the ones there are', () => {
    expect(() => renderTemplate('fix {{isue}}', { issue: 'x' })).toThrow(LegoError);
    expect(() => renderTemplate('fix {{isue}}', { issue: 'x' })).toThrow(
      'uses {{isue}}, which is not one of: issue',
    );
    expect(renderTemplate('{{ a }}-{{a}}', { a: '$&' })).toBe('$&-$&');
  });

  it("renders a copy of OpenHands' templates as Python's Jinja does, with OpenHands' variable names", async () => {
    const templates = await loadPromptTemplates(await openhandsDir(), 'openhands');
    expect(templates).toMatchObject({ syntax: 'openhands', functionList: 'openhands' });
    expect(templates.textFunctions).toContain('{{functions}}');
    // Expected strings: jinja2 3.1 rendering the same files (system prompt stripped, as PromptManager does).
    expect(renderPrompts(templates, values)).toEqual({
      system: 'You are an agent.\n\n<ROLE>\nFix things.\n</ROLE>',
      instance:
        '<uploaded_files>\n/workspace/acme__calc__1.0\n</uploaded_files>\n\nIssue:\nadd() is wrong\nBase: abc123',
      continue: 'Please continue.\nIMPORTANT: NEVER ASK FOR HELP.\n',
    });
    const hinted = renderPrompts(templates, { ...values, hints_text: 'see add()' });
    expect(hinted.instance).toContain('</uploaded_files>\n\nHints: see add()\n\nIssue:');
  });

  it('names the OpenHands template that does not render', async () => {
    const dir = await openhandsDir();
    await writeFile(join(dir, openhandsPromptFiles.instance), '{% if %}');
    const templates = await loadPromptTemplates(dir);
    expect(() => renderPrompts(templates, values)).toThrow('swe_default.j2');
  });
});
