/** Earlier contents of the files the editor changed, newest last; null where the file did not exist. */
export class EditorHistory {
  private readonly versions = new Map<string, (string | null)[]>();

  push(path: string, previous: string | null): void {
    const list = this.versions.get(path) ?? [];
    list.push(previous);
    this.versions.set(path, list);
  }

  /** The content before the last edit of `path`, removed from the history; undefined when there is none. */
  pop(path: string): string | null | undefined {
    const list = this.versions.get(path);
    if (!list || list.length === 0) return undefined;
    return list.pop();
  }
}
