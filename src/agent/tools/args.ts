import { z } from 'zod';

/** A boolean, also written as "true"/"false" (OpenHands passes `is_input` as a string enum). */
export const flag = z.preprocess((value) => {
  if (typeof value !== 'string') return value;
  const lower = value.trim().toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : value;
}, z.boolean());

/** A whole number, also written as text ("12"). */
export const integer = z.preprocess(
  (value) => (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value),
  z.number().int(),
);

/** A positive number of seconds, also written as text. */
export const seconds = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value),
  z.number().positive(),
);

/** A list of whole numbers, also written as JSON text ("[1, 5]") or "1, 5". */
export const integerList = z.preprocess((value) => {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  try {
    return JSON.parse(text.startsWith('[') ? text : `[${text}]`) as unknown;
  } catch {
    return value;
  }
}, z.array(z.number().int()));
