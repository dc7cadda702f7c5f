import { z } from 'zod';
import { integer, integerList } from './args.js';

/** The arguments of `str_replace_editor`, one command and what it needs. */
export const editorArgs = z.object({
  command: z.enum(['view', 'create', 'str_replace', 'insert', 'undo_edit']),
  path: z.string(),
  file_text: z.string().optional(),
  old_str: z.string().optional(),
  new_str: z.string().optional(),
  insert_line: integer.optional(),
  view_range: integerList.optional(),
});
export type EditorArgs = z.infer<typeof editorArgs>;
