import { isAbsolute } from 'node:path';
import { editorArgs, type EditorArgs } from './editor-args.js';
import { editorCommands } from './editor-commands.js';
import { EditorError } from './editor-files.js';
import type { Tool, ToolContext, ToolOutcome } from './types.js';

const description = `Views, creates and edits plain-text files.
* \`view\` on a file prints it with line numbers, like \`cat -n\`; on a directory it lists the files and directories up to two levels deep, hidden ones left out.
* \`create\` writes a new file; it refuses a path that already exists.
* \`str_replace\` replaces \`old_str\` with \`new_str\`. \`old_str\` must match the file exactly, whitespace and indentation included, and occur exactly once: include enough surrounding lines to make it unique.
* \`insert\` puts \`new_str\` after line \`insert_line\` (0 inserts at the top).
* \`undo_edit\` reverts the last change this tool made to the file.
* Long replies are clipped and marked with \`<response clipped>\`.
* Paths must be absolute. Errors come back as a reply starting with \`ERROR:\`.`;

async function run(input: EditorArgs, context: ToolContext): Promise<ToolOutcome> {
  if (!isAbsolute(input.path)) {
    const suggestion = `${context.sandbox.workdir}/${input.path.replace(/^\.?\/+/, '')}`;
    return {
      observation: `ERROR: The path ${input.path} is not absolute. Give a path that starts with /, e.g. ${suggestion}.`,
      exitCode: null,
    };
  }
  try {
    return { observation: await editorCommands[input.command](input, context), exitCode: null };
  } catch (err) {
    if (err instanceof EditorError) return { observation: `ERROR: ${err.message}`, exitCode: null };
    throw err;
  }
}

/** `str_replace_editor`: OpenHands' file editor (view, create, str_replace, insert, undo_edit). */
export const strReplaceEditor: Tool<EditorArgs> = {
  schema: {
    type: 'function',
    function: {
      name: 'str_replace_editor',
      description,
      parameters: {
        type: 'object',
        properties: {
          command: {
            type: 'string',
            enum: ['view', 'create', 'str_replace', 'insert', 'undo_edit'],
            description: 'What to do: `view`, `create`, `str_replace`, `insert` or `undo_edit`.',
          },
          path: {
            type: 'string',
            description: 'Absolute path of the file or directory, e.g. `/testbed/setup.py`.',
          },
          file_text: { type: 'string', description: 'For `create`: the content of the new file.' },
          old_str: { type: 'string', description: 'For `str_replace`: the exact text to replace.' },
          new_str: {
            type: 'string',
            description:
              'For `str_replace`: the replacement (empty when left out). For `insert`: the text to insert.',
          },
          insert_line: {
            type: 'integer',
            description: 'For `insert`: the line after which `new_str` goes (0 for the top).',
          },
          view_range: {
            type: 'array',
            items: { type: 'integer' },
            description:
              'For `view` of a file: the lines to show, [start, end], counting from 1; [start, -1] shows to the end.',
          },
        },
        required: ['command', 'path'],
      },
    },
  },
  args: editorArgs,
  run,
};
