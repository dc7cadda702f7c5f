// eslint-disable-next-line no-control-regex -- ANSI sequences start with ESC
const ansiSequence = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;
// eslint-disable-next-line no-control-regex -- dropping control characters is the point
const controlCharacters = /[\x00-\x08\x0b-\x1f\x7f]/g;

/** Removes ANSI colour and cursor sequences. */
export function stripAnsi(text: string): string {
  return text.replace(ansiSequence, '');
}

/**
 * The log's lines as a terminal would show them: colours removed, a line rewritten with carriage
 * returns reduced to its last version, other control characters dropped.
 */
export function logLines(log: string): string[] {
  return stripAnsi(log)
    .split('\n')
    .map((line) => {
      const shown = line.replace(/\r+$/, '');
      return shown.slice(shown.lastIndexOf('\r') + 1).replace(controlCharacters, '');
    });
}
