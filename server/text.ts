// Control characters never belong in the tracker's text: a NUL or a stray escape in a name breaks
// a Word file (XML 1.0 refuses them), a CR or LF in a calendar property forges new lines of the
// feed, and none of them is anything a person meant to type. Text is cleaned where it comes in
// (every request body and query, the form field helpers) and again where it goes out (the
// calendar feeds, the minutes in Word and Markdown), for records stored before this rule.

/** C0 controls but tab and line feed, and DEL. */
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/** Multi-line text: CR LF and lone CR become LF; tab and LF stay; every other control character goes. */
export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROLS, '');
}

/** One-line text: as cleanText, and tabs and line breaks become one space. */
export function cleanLine(text: string): string {
  return cleanText(text).replace(/[\t\n]+/g, ' ');
}

/** A plain object, or one with a prototype-less prototype (how fast-querystring builds a query). */
const isPlainObject = (value: object) => {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null || Object.getPrototypeOf(proto) === null;
};

/** Cleans every string in plain objects and arrays (a parsed body or query, a view model); Buffers and other objects are left alone. */
export function cleanDeep<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return cleanText(value) as T;
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => cleanDeep(v, depth + 1)) as T;
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = Object.create(Object.getPrototypeOf(value));
  for (const [key, v] of Object.entries(value)) out[cleanLine(key)] = cleanDeep(v, depth + 1);
  return out as T;
}
