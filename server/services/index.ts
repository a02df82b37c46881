// All domain services, built once per app on the database and the clock.
import type { Db } from '../../db/client.js';
import type { Clock } from '../clock.js';
import { createAccountService, type AccountSettings } from './accounts.js';
import { createAgreementService } from './agreements.js';
import { createAuditService } from './audit.js';
import { createDocumentService } from './documents.js';
import { createEnterpriseService } from './enterprises.js';
import { createGroupService } from './groups.js';
import { createHandoverService } from './handovers.js';
import { createItemService } from './items.js';
import { createMeetingService } from './meetings.js';
import { createOverviewService } from './overview.js';

export function createServices(db: Db, clock: Clock, settings: AccountSettings) {
  const handovers = createHandoverService(db, clock);
  const items = createItemService(db, clock);
  return {
    accounts: createAccountService(db, settings),
    agreements: createAgreementService(db),
    audit: createAuditService(db),
    documents: createDocumentService(db),
    enterprises: createEnterpriseService(db, handovers),
    groups: createGroupService(db),
    handovers,
    items,
    meetings: createMeetingService(db, clock, items),
    overview: createOverviewService(db, clock, items),
  };
}

export type Services = ReturnType<typeof createServices>;
