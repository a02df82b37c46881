// All domain services, built once per app on the database and the clock.
import type { Db } from '../../db/client.js';
import type { Clock } from '../clock.js';
import { createAccountService, type AccountSettings } from './accounts.js';
import { createAgreementService } from './agreements.js';
import { createAuditService } from './audit.js';
import { createCompoundService } from './compounds.js';
import { createDocumentService } from './documents.js';
import { createEnterpriseService } from './enterprises.js';
import { createFundingService } from './funding.js';
import { createGroupService } from './groups.js';
import { createHandoverService } from './handovers.js';
import { createHistoryService } from './history.js';
import { createInstructionService } from './instructions.js';
import { createItemService } from './items.js';
import { createLedgerService } from './ledger.js';
import { createLedgerImportService } from './ledger-import.js';
import { createMonthlyReportService } from './monthly-report.js';
import { createMeetingRecordService } from './meeting-records.js';
import { createMeetingService } from './meetings.js';
import { createMinutesService } from './minutes.js';
import { createPlanAdminService } from './plan-admin.js';
import { createDashboardService } from './dashboard.js';
import { createSettingsService } from './settings.js';
import { createFigureService } from './figures.js';
import { createMemo } from './memo.js';
import { createRiskService } from './risk.js';
import { createSnapshotService } from './snapshots.js';
import { createEscalationService } from './escalations.js';
import { createInboxService } from './inbox.js';
import { createOutboxService, type NotifyConfig } from './outbox.js';
import { createWorkingDayService } from './working-days.js';

/** Without configuration (tests of other features, scripts that send nothing): no channel outside the app. */
const NO_CHANNELS: NotifyConfig = { SMTP_FROM: 'sgyy-tracker@localhost', NOTIFY_MAX_ATTEMPTS: 6, DEFAULT_LOCALE: 'zh-CN', NOTIFY_WEBHOOK_SECRET: undefined, DINGTALK_SECRET: undefined };

export function createServices(db: Db, clock: Clock, settings: AccountSettings, notify: NotifyConfig = NO_CHANNELS) {
  const workingDays = createWorkingDayService(db);
  const inbox = createInboxService(db, clock);
  const handovers = createHandoverService(db, clock);
  const memo = createMemo(db);
  const items = createItemService(db, clock, workingDays, memo);
  const meetings = createMeetingService(db, clock, items);
  const snapshots = createSnapshotService(db, clock);
  const organisation = createSettingsService(db);
  const figures = createFigureService(db, clock);
  const risk = createRiskService(db, clock, memo);
  const funding = createFundingService(db);
  return {
    accounts: createAccountService(db, settings),
    agreements: createAgreementService(db, clock, handovers),
    audit: createAuditService(db),
    compounds: createCompoundService(db),
    documents: createDocumentService(db),
    enterprises: createEnterpriseService(db, clock, handovers, risk),
    funding,
    groups: createGroupService(db),
    handovers,
    history: createHistoryService(db),
    instructions: createInstructionService(db, clock),
    items,
    ledger: createLedgerService(db, clock, { risk }),
    ledgerImport: createLedgerImportService(db, clock, { handovers, funding }),
    monthlyReport: createMonthlyReportService(figures, clock),
    meetings,
    meetingRecords: createMeetingRecordService(db, clock),
    minutes: createMinutesService(db, clock, organisation),
    planAdmin: createPlanAdminService(db),
    dashboard: createDashboardService(db, clock, { meetings, figures, risk, memo }),
    figures,
    memo,
    risk,
    settings: organisation,
    snapshots,
    workingDays,
    escalations: createEscalationService(db, clock, workingDays),
    inbox,
    outbox: createOutboxService(db, clock, inbox, notify),
  };
}

export type Services = ReturnType<typeof createServices>;
