import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LegoError } from '../errors.js';
import {
  defaultPromptDir,
  loadFunctionListTemplates,
  loadPromptTemplates,
  openhandsPromptFiles,
  openhandsSuffixFile,
  renderPrompts,
} from './template.js';
import { renderTemplate } from './render-template.js';

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
    [openhandsPromptFiles.continue]: 'Keep going.\nNo questions, just work.\n\n',
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
      continue: 'Keep going.\nNo questions, just work.\n',
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

  it('reads an optional fn_call_suffix.txt verbatim, in either layout of prompt directory', async () => {
    const suffix = '\n** Tools **\r\n{description}\n** end **';
    const openhands = await openhandsDir();
    expect((await loadPromptTemplates(openhands)).functionSuffix).toBeUndefined();
    await writeFile(join(openhands, openhandsSuffixFile), suffix);
    expect((await loadPromptTemplates(openhands, 'openhands')).functionSuffix).toBe(suffix);
    const shipped = await loadFunctionListTemplates();
    expect(await loadFunctionListTemplates(openhands)).toEqual({ ...shipped, functionSuffix: suffix });

    const ours = await mkdtemp(join(tmpdir(), 'lf-our-prompts-'));
    for (const file of ['system.md', 'instance.md', 'continue.md', 'text-functions.md'])
      await writeFile(join(ours, file), await readFile(join(defaultPromptDir(), file), 'utf8'));
    await writeFile(join(ours, openhandsSuffixFile), suffix);
    expect((await loadPromptTemplates(ours)).functionSuffix).toBe(suffix);
  });

  it('refuses a suffix file without the {description} placeholder, naming the file', async () => {
    const dir = await openhandsDir();
    const path = join(dir, openhandsSuffixFile);
    await writeFile(path, '\nTools: {functions}\n');
    const refused = loadPromptTemplates(dir, 'openhands');
    await expect(refused).rejects.toThrow(LegoError);
    await expect(refused).rejects.toThrow(
      `${path} has no {description} placeholder, where the function list goes`,
    );
    await expect(loadFunctionListTemplates(dir)).rejects.toThrow(path);
  });
});
