/** A small Python module with a site for every procedural transform. */
export const pythonSource = `import os


class Cache(Base):
    def get(self, key):
        value = self.data.get(key)
        return value

    def put(self, key, value):
        self.data[key] = value


def total(items, limit):
    if not items:
        return 0
    count = 0
    for item in items:
        count += item
    with open(os.devnull) as sink:
        sink.write("x")
    try:
        ratio = count / limit
    except ZeroDivisionError:
        ratio = 0
    return ratio


def clean(name):
    return name.strip().lower()


def window(values, size):
    return values[1:size] + [size]


def small(a, b):
    return a - b < 10 and b is not None
`;

/** The same in TypeScript. */
export const typescriptSource = `import { Base } from './base';

export class Cache extends Base {
  get(key: string): number {
    const value = this.data.get(key);
    return value;
  }

  put(key: string, value: number): void {
    this.data[key] = value;
  }
}

export function total(items: number[], limit: number): number {
  if (!items.length) return 0;
  let count = 0;
  for (const item of items) {
    count += item;
  }
  try {
    count = count / limit;
  } catch (error) {
    count = 0;
  }
  return count;
}

export function clean(name: string): string {
  return name.trim().toLowerCase();
}

export function window(values: number[], size: number): number[] {
  return values.slice(1, size).concat([size]);
}

export const small = (a: number, b: number): boolean => a - b < 10 && b !== undefined;
`;
