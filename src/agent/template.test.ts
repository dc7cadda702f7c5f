import { describe, expect, it } from 'vitest';
import { LegoError } from '../errors.js';
import { loadPromptTemplates, renderTemplate } from './template.js';

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
});
