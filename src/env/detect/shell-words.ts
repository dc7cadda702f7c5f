/** One simple command of a shell line: its leading `NAME=value` assignments and its words, quotes removed. */
export interface SimpleCommand {
  env: Record<string, string>;
  words: string[];
}

const OPERATORS = new Set(['&&', '||', ';', '|', '&']);

/** Words and operators of a shell line; quotes are removed, redirections and what follows `#` dropped. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  const push = () => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  for (let i = 0; i < line.length; i++) {
    const char = line[i] ?? '';
    if (char === "'" || char === '"') {
      const end = line.indexOf(char, i + 1);
      const stop = end < 0 ? line.length : end;
      word = (word ?? '') + line.slice(i + 1, stop);
      i = stop;
    } else if (char === '\\' && i + 1 < line.length) {
      word = (word ?? '') + (line[++i] ?? '');
    } else if (/\s/.test(char)) push();
    else if (char === '#' && word === undefined) break;
    else if (char === '<' || char === '>') {
      if (word !== undefined && /^\d+$/.test(word)) word = undefined;
      push();
      if (line[i + 1] === '>' || line[i + 1] === '&') i++;
      words.push('>');
    } else if ('&|;'.includes(char)) {
      push();
      const pair = line.slice(i, i + 2);
      const op = OPERATORS.has(pair) ? pair : char;
      words.push(op);
      i += op.length - 1;
    } else word = (word ?? '') + char;
  }
  push();
  return words;
}

/** The simple commands of a shell line, split at `&&`, `||`, `;`, `|` and `&`, redirections dropped. */
export function simpleCommands(line: string): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  let current: string[] = [];
  const words = shellWords(line);
  const flush = () => {
    if (current.length > 0) commands.push(splitAssignments(current));
    current = [];
  };
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (OPERATORS.has(word)) flush();
    else if (word === '>') i++;
    else current.push(word);
  }
  flush();
  return commands;
}

function splitAssignments(words: string[]): SimpleCommand {
  const env: Record<string, string> = {};
  let start = words[0] === 'cross-env' || words[0] === 'env' ? 1 : 0;
  for (; start < words.length; start++) {
    const match = /^([A-Za-z_]\w*)=(.*)$/.exec(words[start] ?? '');
    if (!match) break;
    env[match[1] ?? ''] = match[2] ?? '';
  }
  return { env, words: words.slice(start) };
}

/** Lines as a shell reads them: a line ending in `\` goes on with the next, so no word is a bare `\`. */
export function joinContinuedLines(lines: readonly string[]): string[] {
  const joined: string[] = [];
  let pending: string | undefined;
  for (const line of lines) {
    const whole = pending === undefined ? line : `${pending} ${line.trimStart()}`;
    const continued = /\\\s*$/.exec(whole);
    pending = continued ? whole.slice(0, continued.index).trimEnd() : undefined;
    if (!continued) joined.push(whole);
  }
  if (pending !== undefined) joined.push(pending);
  return joined;
}
