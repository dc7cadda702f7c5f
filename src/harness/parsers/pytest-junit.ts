/**
 * The pytest node id of a JUnit (xunit1) testcase. pytest writes `classname` as the node id's path with
 * `/` turned into `.` and `.py` dropped, followed by the class names, and `file` as the test function's
 * file. Returns null for a file-level collection error (empty classname), which names no test.
 */
export function pytestNodeId(classname: string, name: string, file: string | undefined): string | null {
  if (classname === '') return null;
  const modulePath = file?.endsWith('.py') ? file.slice(0, -3).replaceAll('/', '.') : undefined;
  if (modulePath !== undefined && (classname === modulePath || classname.startsWith(`${modulePath}.`))) {
    const classes = classname.slice(modulePath.length).split('.').filter(Boolean);
    return [file, ...classes, name].join('::');
  }
  return nodeIdFromClassname(classname, name);
}

/**
 * Without a matching `file` (a test inherited from a class in another module), the trailing capitalised
 * parts of `classname` are taken as classes and the rest as the module path.
 */
function nodeIdFromClassname(classname: string, name: string): string {
  const parts = classname.split('.');
  let moduleEnd = parts.length;
  while (moduleEnd > 1 && /^[A-Z]/.test(parts[moduleEnd - 1]!)) moduleEnd -= 1;
  const file = `${parts.slice(0, moduleEnd).join('/')}.py`;
  return [file, ...parts.slice(moduleEnd), name].join('::');
}
