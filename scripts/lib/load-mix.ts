// The mixed load one user population puts on the tracker: pages (signed-in session), API reads
// (personal token) and status updates through the API, in fixed proportions. Shared by the soak
// (`npm run soak`), the crash test and the benchmark, so all of them measure the same thing.
//
//   pages 40%  —  /, /items, an item, /handovers, a handover, /enterprises, /meetings, /my
//   reads 40%  —  /api/v1/items (a page), an item, /api/v1/handovers, a handover, /api/v1/meetings
//   writes 20% —  POST /api/v1/items/:id/status with a progress note, on items each writer owns
//
// Each writer (an autocannon connection, or a loop) owns its own open items and carries their
// version from one answer to the next, so a well-behaved load never meets a 409.

/** One request of an autocannon run (the fields of autocannon's `requests` option that the mix uses). */
export interface CannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: CannonRequest, context: Record<string, unknown>) => CannonRequest;
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
}

export interface Credentials {
  /** Personal API token (Bearer). */
  token: string;
  /** Session cookie header for pages (`sid=…`). */
  cookie: string;
}

export interface OwnedItem {
  id: number;
  version: number;
}

export interface LoadTargets {
  /** Open items (not closed out), with their versions, to give to writers. */
  openItems: OwnedItem[];
  itemIds: number[];
  handoverIds: number[];
  /** A working group to create new items in. */
  groupId: number;
}

const json = async (url: string, token: string) => {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
  return res.json() as Promise<{ rows: Record<string, unknown>[] }>;
};

/** Finds the records the load works on, through the API. */
export async function discoverTargets(url: string, token: string): Promise<LoadTargets> {
  const items = (await json(`${url}/api/v1/items?pageSize=200`, token)).rows;
  const handovers = (await json(`${url}/api/v1/handovers?pageSize=50`, token)).rows;
  const open = items.filter((i) => i.status !== 'closed');
  return {
    openItems: open.map((i) => ({ id: i.id as number, version: i.version as number })),
    itemIds: items.map((i) => i.id as number),
    handoverIds: handovers.map((h) => h.id as number),
    groupId: (open.find((i) => typeof i.groupId === 'number')?.groupId as number | undefined) ?? 1,
  };
}

// Reads look at the last items, writers take the first open ones: the pages read do not grow
// with the notes the load itself writes.
/**
 * Reads the writers' items' versions again: a run that ends with a request in flight leaves the
 * version it was about to learn unknown.
 */
export async function refreshVersions(url: string, token: string, targets: LoadTargets): Promise<void> {
  const rows = (await json(`${url}/api/v1/items?pageSize=200`, token)).rows;
  const versions = new Map(rows.map((r) => [r.id as number, r.version as number]));
  for (const item of targets.openItems) item.version = versions.get(item.id) ?? item.version;
}

export const pagePaths = (t: LoadTargets) => ['/', '/items', `/items/${t.itemIds.at(-1)}`, '/handovers', `/handovers/${t.handoverIds[0]}`, '/enterprises', '/meetings', '/my'];

export const apiReadPaths = (t: LoadTargets) => [
  '/api/v1/items?pageSize=50',
  `/api/v1/items/${t.itemIds.at(-2) ?? t.itemIds[0]}`,
  '/api/v1/handovers?pageSize=50',
  `/api/v1/handovers/${t.handoverIds[1] ?? t.handoverIds[0]}`,
  '/api/v1/meetings?pageSize=20',
];

/** The body of a status update (a progress note) at the item's current version. */
export const statusUpdateBody = (item: OwnedItem, n: number) => JSON.stringify({ status: 'inProgress', note: `负载测试进展记录 ${n}`, version: item.version });

/** The body of a new milestone in `groupId`. */
export const newItemBody = (groupId: number, title: string) =>
  JSON.stringify({ kind: 'milestone', title, leadUnit: '区住建局', groupId, dueDate: '2018-12-31' });

/**
 * The mix as autocannon requests (each connection cycles through them: 8 pages, 8 API reads and 4
 * status updates). Every connection takes its own item from `targets.openItems` and follows its
 * version from the answers.
 */
export function autocannonMix(targets: LoadTargets, credentials: Credentials): CannonRequest[] {
  const pages = pagePaths(targets);
  const reads = apiReadPaths(targets);
  let next = 0;
  let notes = 0;
  const page = (path: string): CannonRequest => ({ method: 'GET', path, headers: { cookie: credentials.cookie } });
  const read = (path: string): CannonRequest => ({ method: 'GET', path, headers: { authorization: `Bearer ${credentials.token}` } });
  const write = (): CannonRequest => ({
    method: 'POST',
    headers: { authorization: `Bearer ${credentials.token}`, 'content-type': 'application/json' },
    setupRequest: (request, context) => {
      const ctx = context as { item?: OwnedItem };
      ctx.item ??= targets.openItems[next++ % targets.openItems.length]!;
      return { ...request, path: `/api/v1/items/${ctx.item.id}/status`, body: statusUpdateBody(ctx.item, ++notes) };
    },
    onResponse: (status, body, context) => {
      const ctx = context as { item?: OwnedItem };
      if (status === 200 && ctx.item) ctx.item.version = (JSON.parse(body) as { version: number }).version;
    },
  });
  const mix: CannonRequest[] = [];
  for (let i = 0; i < 4; i++) mix.push(page(pages[(2 * i) % pages.length]!), read(reads[(2 * i) % reads.length]!), page(pages[(2 * i + 1) % pages.length]!), read(reads[(2 * i + 1) % reads.length]!), write());
  return mix;
}
