import { LegoError } from '../errors.js';

/** Fills `{{name}}` placeholders; a placeholder with no value is an error, so typos never reach a model. */
export function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined)
      throw new LegoError(
        'bad_input',
        `the prompt template uses {{${name}}}, which is not one of: ${Object.keys(values).join(', ')}`,
      );
    return value;
  });
}
