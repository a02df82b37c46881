// Authorization, in one place. Every route declares what it needs in `config.access`; the auth
// plugin refuses (401 / 403) before the handler runs. Record-level rules (staff write only the
// records of their working groups) are checked with `canWriteGroup` where the record is known.
import type { Role } from '../../db/schema.js';

/** What a route writes. */
export type Resource =
  | 'plan' // enterprises, compounds, handovers, agreements, funding, documents, policy deadlines
  | 'stages' // marking a handover's stages done
  | 'items' // tracked items: status, progress notes, delay requests, new problems
  | 'itemClosure' // close out (销号), reopen, approve or reject delays
  | 'groups' // working groups and their contact directory
  | 'meetings' // meeting series, meetings, minutes
  | 'instructions' // leader instructions (批示)
  | 'users' // accounts, roles, memberships
  | 'settings' // the organisation's name, the programme's title, the issuing organ of minutes
  | 'audit'; // reading and exporting the audit log

export type Access =
  | 'public' // no session needed (login page, health, static files)
  | 'read' // any signed-in user
  | { write: Resource }
  | { read: Resource }; // reading something not everyone may read (the audit log)

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  /** Working groups the user belongs to (staff write only their records). */
  groupIds: number[];
}

const writers: Record<Resource, readonly Role[]> = {
  plan: ['admin', 'office'],
  stages: ['admin', 'office', 'staff'],
  items: ['admin', 'office', 'staff'],
  itemClosure: ['admin', 'office'],
  groups: ['admin', 'office'],
  meetings: ['admin', 'office'],
  instructions: ['admin', 'leader'],
  users: ['admin'],
  settings: ['admin'],
  audit: ['admin'],
};

const readers: Partial<Record<Resource, readonly Role[]>> = {
  audit: ['admin'],
  users: ['admin'],
  settings: ['admin'],
};

export function allows(user: SessionUser | null, access: Access): boolean {
  if (access === 'public') return true;
  if (!user) return false;
  if (access === 'read') return true;
  if ('write' in access) return writers[access.write].includes(user.role);
  return (readers[access.read] ?? writers[access.read]).includes(user.role);
}

/** Staff may write a record only when it belongs to one of their working groups. */
export function canWriteGroup(user: SessionUser, groupId: number | null | undefined): boolean {
  if (user.role !== 'staff') return true;
  return groupId !== null && groupId !== undefined && user.groupIds.includes(groupId);
}
