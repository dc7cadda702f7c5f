import {
  EditorError,
  inspectPath,
  listDirectory,
  removeFile,
  writeText,
  type PathInfo,
} from './editor-files.js';
import type { EditorArgs } from './editor-args.js';
import { clip, insertAfter, numbered, occurrenceLines, snippet, viewRange } from './editor-text.js';
import type { ToolContext } from './types.js';

type Command = (args: EditorArgs, context: ToolContext) => Promise<string>;

function required<K extends keyof EditorArgs>(args: EditorArgs, key: K): NonNullable<EditorArgs[K]> {
  const value = args[key];
  if (value === undefined || value === null)
    throw new EditorError(
      `The parameter \`${String(key)}\` is required for the \`${args.command}\` command.`,
    );
  return value as NonNullable<EditorArgs[K]>;
}

function describe(info: PathInfo, path: string): string {
  if (info.kind === 'missing') return `The path ${path} does not exist.`;
  if (info.kind === 'directory') return `The path ${path} is a directory; this command needs a file.`;
  if (info.kind === 'binary')
    return `The file ${path} is not UTF-8 text, and this tool edits text files only.`;
  if (info.kind === 'too_large') return `The file ${path} is ${info.bytes} bytes, too large for this tool.`;
  return `The path ${path} is not a regular file.`;
}

/** The text of an existing text file, or an EditorError saying why there is none. */
async function textOf(path: string, context: ToolContext): Promise<string> {
  const info = await inspectPath(context.shell, path);
  if (info.kind !== 'file') throw new EditorError(describe(info, path));
  return info.text;
}

async function save(path: string, before: string | null, after: string, context: ToolContext): Promise<void> {
  await writeText(context.sandbox, path, after);
  context.editorHistory.push(path, before);
}

const view: Command = async (args, context) => {
  const info = await inspectPath(context.shell, args.path);
  if (info.kind === 'directory') {
    if (args.view_range) throw new EditorError('`view_range` applies to files, not directories.');
    const listing = await listDirectory(context.shell, args.path);
    return clip(
      `Files and directories up to 2 levels deep in ${args.path}, hidden items left out:\n${listing}`,
    );
  }
  if (info.kind !== 'file') throw new EditorError(describe(info, args.path));
  if (!args.view_range)
    return clip(`Contents of ${args.path}, numbered like cat -n:\n${numbered(info.text)}`);
  const range = viewRange(info.text, args.view_range);
  if ('error' in range)
    throw new EditorError(`Invalid \`view_range\` ${JSON.stringify(args.view_range)}: ${range.error}.`);
  return clip(`Lines of ${args.path}, numbered like cat -n:\n${numbered(range.text, range.first)}`);
};

const create: Command = async (args, context) => {
  const text = required(args, 'file_text');
  const info = await inspectPath(context.shell, args.path);
  if (info.kind !== 'missing')
    throw new EditorError(
      `${args.path} already exists, and \`create\` never overwrites. Edit it with \`str_replace\`.`,
    );
  await save(args.path, null, text, context);
  return `Created ${args.path}.`;
};

const strReplace: Command = async (args, context) => {
  const oldStr = required(args, 'old_str');
  const newStr = args.new_str ?? '';
  if (oldStr === newStr) throw new EditorError('`old_str` and `new_str` are the same; nothing was replaced.');
  const text = await textOf(args.path, context);
  const lines = occurrenceLines(text, oldStr);
  if (lines.length === 0)
    throw new EditorError(`Nothing was replaced: \`old_str\` does not occur verbatim in ${args.path}.`);
  if (lines.length > 1)
    throw new EditorError(
      `Nothing was replaced: \`old_str\` occurs ${lines.length} times in ${args.path}, starting on lines ` +
        `${lines.join(', ')}. Include more context so it is unique.`,
    );
  const at = text.indexOf(oldStr);
  const after = text.slice(0, at) + newStr + text.slice(at + oldStr.length);
  await save(args.path, text, after, context);
  const shown = snippet(after, lines[0]!, newStr.split('\n').length);
  return `Edited ${args.path}. The changed region now reads (cat -n):\n${shown}\nCheck that the change is what you intended; edit again if not.`;
};

const insert: Command = async (args, context) => {
  const line = required(args, 'insert_line');
  const newStr = required(args, 'new_str');
  const text = await textOf(args.path, context);
  const result = insertAfter(text, line, newStr);
  if ('error' in result) throw new EditorError(`Invalid \`insert_line\`: ${result.error}.`);
  await save(args.path, text, result.text, context);
  const shown = snippet(result.text, line + 1, newStr.split('\n').length);
  return `Inserted text into ${args.path}. The region now reads (cat -n):\n${shown}\nCheck indentation and that no lines are duplicated; edit again if needed.`;
};

const undoEdit: Command = async (args, context) => {
  const previous = context.editorHistory.pop(args.path);
  if (previous === undefined) throw new EditorError(`There is no edit of ${args.path} to undo.`);
  if (previous === null) {
    await removeFile(context.shell, args.path);
    return `Undid the creation of ${args.path}; the file is gone.`;
  }
  await writeText(context.sandbox, args.path, previous);
  return clip(`Undid the last edit of ${args.path}. It now reads (cat -n):\n${numbered(previous)}`);
};

/** The editor's commands by name. */
export const editorCommands: Record<EditorArgs['command'], Command> = {
  view,
  create,
  str_replace: strReplace,
  insert,
  undo_edit: undoEdit,
};
