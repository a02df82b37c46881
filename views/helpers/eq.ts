// {{#if (eq a b)}} — strict equality, for marking the current option or tab.
export default function eq(a: unknown, b: unknown): boolean {
  return a === b;
}
