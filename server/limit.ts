// At most N of a kind of heavy work at a time (the exports of every handover, the monthly pack):
// the others wait their turn instead of each holding hundreds of megabytes at once.
export function createLimit(slots: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async function run<T>(task: () => Promise<T>): Promise<T> {
    if (active >= slots) await new Promise<void>((go) => waiting.push(go));
    active += 1;
    try {
      return await task();
    } finally {
      active -= 1;
      waiting.shift()?.();
    }
  };
}

/** The heavy exports of the whole server share these slots. */
export const heavyExports = createLimit(2);
