import { functionListStyles } from '../../agent/fncall-text-styles.js';
import type { AgentFormat } from '../../agent/formats.js';
import { renderPrompts, type PromptTemplates } from '../../agent/template.js';
import { toolSchemas } from '../../agent/tools/index.js';
import type { TaskInstance } from '../../schema/instance.js';

/** The system prompt and first user message of a rollout, as the model sees them. */
export function rolloutPrompts(
  templates: PromptTemplates,
  format: AgentFormat,
  instance: TaskInstance,
  repoPath: string,
): { system: string; instance: string; continue: string } {
  const values = {
    repo_path: repoPath,
    repo: instance.repo,
    instance_id: instance.instance_id,
    base_commit: instance.base_commit,
    problem_statement: instance.problem_statement,
    hints_text: instance.hints_text,
    version: instance.version,
  };
  const rendered = renderPrompts(templates, values);
  const style = functionListStyles[templates.functionList];
  const system =
    format.name === 'native'
      ? rendered.system
      : style.systemPrompt(rendered.system, toolSchemas(), templates);
  return { ...rendered, system };
}
