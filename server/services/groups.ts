// Working groups and their contact directory (通讯录).
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { groupMembers, groups } from '../../db/schema.js';

export function createGroupService(db: Db) {
  function list() {
    const all = db
      .select({
        group: groups,
        memberCount: sql<number>`(SELECT count(*) FROM group_members m WHERE m.group_id = groups.id)`,
        handoverCount: sql<number>`(SELECT count(*) FROM handovers h WHERE h.group_id = groups.id)`,
      })
      .from(groups)
      .orderBy(sql`CASE ${groups.kind} WHEN 'leading' THEN 1 WHEN 'coordination' THEN 2 ELSE 3 END`, asc(groups.sortOrder), asc(groups.id))
      .all();
    const members = db.select().from(groupMembers).orderBy(asc(groupMembers.groupId), asc(groupMembers.sortOrder), asc(groupMembers.id)).all();
    const names = new Map(all.map((g) => [g.group.id, g.group.name]));
    return all.map((g) => ({
      ...g,
      parentName: g.group.parentId ? names.get(g.group.parentId) ?? null : null,
      members: members.filter((m) => m.groupId === g.group.id),
    }));
  }

  function get(id: number) {
    const group = db.select().from(groups).where(eq(groups.id, id)).get();
    if (!group) return null;
    const parent = group.parentId ? db.select().from(groups).where(eq(groups.id, group.parentId)).get() ?? null : null;
    const children = db.select().from(groups).where(eq(groups.parentId, id)).orderBy(asc(groups.sortOrder), asc(groups.id)).all();
    const members = db.select().from(groupMembers).where(eq(groupMembers.groupId, id)).orderBy(asc(groupMembers.sortOrder), asc(groupMembers.id)).all();
    return { group, parent, children, members };
  }

  return { list, get };
}
