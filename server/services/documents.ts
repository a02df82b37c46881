// Documents issued by the district and its groups (工作方案, 指导意见 …).
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { documents, groups } from '../../db/schema.js';

export function createDocumentService(db: Db) {
  return {
    list() {
      return db
        .select({ document: documents, groupName: groups.name })
        .from(documents)
        .leftJoin(groups, eq(groups.id, documents.groupId))
        .orderBy(asc(documents.issuedOn), asc(documents.id))
        .all();
    },
  };
}
