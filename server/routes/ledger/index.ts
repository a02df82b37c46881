// The work ledger (工作台账): exported as Excel and CSV in the dashboard's scope, the blank template,
// the import (upload → preview → confirm), and the monthly report upward. Exports stream: the
// response starts at once and the rows follow as they are read.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { enterpriseLevels, serviceLines } from '../../../db/schema.js';
import { uploadOf } from '../../plugins/attachments.js';
import { formatDay, formatMonth } from '../../dates.js';
import { contentDisposition } from '../../exports/content-disposition.js';
import { writeLedgerCsv, writeLedgerXlsx, type LedgerHeading } from '../../exports/ledger-xlsx.js';
import { monthlyReportXlsx } from '../../exports/monthly-report-xlsx.js';
import { notFound } from '../../http-errors.js';
import { translate, type Locale } from '../../i18n/messages.js';
import { appendAudit } from '../../services/audit.js';
import { PENDING_MINUTES, type ImportPlan } from '../../services/ledger-import.js';
import { LedgerFileError, readLedgerFile, type Problem } from '../../services/ledger-read.js';
import type { LedgerFilter } from '../../services/ledger.js';
import { optional, optionalId, parseQuery } from '../parse.js';
import { heavyExports } from '../../limit.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Rows one web import may have; the command line (npm run ledger:import) has no limit. */
export const MAX_WEB_ROWS = 20_000;
/** Rows of each kind listed on the preview page. */
const SHOWN = 200;

const read = { config: { access: 'read' as const } };
const writePlan = { config: { access: { write: 'plan' as const } } };

const scopeQuery = z.object({
  level: optional(z.enum(enterpriseLevels)),
  serviceLine: optional(z.enum(serviceLines)),
  groupId: optionalId,
  enterpriseId: optionalId,
});

const routes: FastifyPluginAsync = async (app) => {
  const word = (locale: Locale, key: string, params?: Record<string, unknown>) => translate(locale, key, params);

  function heading(locale: Locale, subtitle?: string): LedgerHeading {
    const org = app.services.settings.get();
    return {
      title: word(locale, 'ledger.title', { organisation: org.organisationName, programme: org.programmeTitle }),
      subtitle: subtitle ?? word(locale, 'ledger.subtitle', { organ: org.minutesOrgan || org.organisationName, date: formatDay(app.clock.today(), locale) }),
    };
  }

  function audited(request: FastifyRequest, entityType: string, detail: Record<string, unknown>) {
    app.db.transaction((tx) => appendAudit(tx, request.actor, { action: 'export', entityType, entityId: null, after: detail }));
  }

  /** Streams what `write` puts out; an error after the start is logged and cuts the download short. */
  function stream(request: FastifyRequest, reply: FastifyReply, type: string, fileName: string, fallback: string, write: (out: PassThrough) => Promise<void>) {
    const out = new PassThrough();
    // Two exports at a time across the server; a download whose client left before its turn is not made.
    heavyExports(() => (out.destroyed ? Promise.resolve() : write(out))).catch((error: unknown) => {
      request.log.error({ err: error }, 'ledger export failed');
      out.destroy(error as Error);
    });
    return reply.header('content-type', type).header('content-disposition', contentDisposition('attachment', fileName, fallback)).header('cache-control', 'private, no-store').send(out);
  }

  const exportOptions = (request: FastifyRequest, filter: LedgerFilter) => ({ ledger: app.services.ledger, filter, locale: request.locale, heading: heading(request.locale) });
  const fileName = (request: FastifyRequest) => word(request.locale, 'ledger.fileName', { date: formatDay(app.clock.today(), request.locale) });

  app.get('/ledger.xlsx', read, async (request, reply) => {
    const filter = parseQuery(scopeQuery, request.query);
    audited(request, 'ledger', { format: 'xlsx', ...filter });
    return stream(request, reply, XLSX, `${fileName(request)}.xlsx`, `ledger-${app.clock.today()}.xlsx`, (out) => writeLedgerXlsx(out, exportOptions(request, filter)));
  });

  app.get('/ledger.csv', read, async (request, reply) => {
    const filter = parseQuery(scopeQuery, request.query);
    audited(request, 'ledger', { format: 'csv', ...filter });
    return stream(request, reply, 'text/csv; charset=utf-8', `${fileName(request)}.csv`, `ledger-${app.clock.today()}.csv`, (out) => writeLedgerCsv(out, exportOptions(request, filter)));
  });

  app.get('/ledger/template.xlsx', writePlan, async (request, reply) => {
    const options = { ...exportOptions(request, {}), heading: heading(request.locale, word(request.locale, 'ledger.templateSubtitle')), blank: true };
    return stream(request, reply, XLSX, `${word(request.locale, 'ledger.templateFileName')}.xlsx`, 'ledger-template.xlsx', (out) => writeLedgerXlsx(out, options));
  });

  app.get<{ Params: { month: string } }>('/reports/monthly/:month.xlsx', read, async (request, reply) => {
    const month = request.params.month;
    if (!app.services.figures.knownMonth(month)) throw notFound(word(request.locale, 'report.error.month'));
    const report = app.services.monthlyReport.build(month);
    const org = app.services.settings.get();
    const locale = request.locale;
    const file = await monthlyReportXlsx(
      report,
      {
        title: word(locale, 'report.title', { organisation: org.organisationName, programme: org.programmeTitle, month: formatMonth(month, locale) }),
        subtitle: word(locale, 'report.subtitle', { organ: org.minutesOrgan || org.organisationName, month: formatMonth(month, locale), asOf: formatDay(report.asOf, locale), today: formatDay(report.today, locale) }),
      },
      locale,
    );
    audited(request, 'monthlyReport', { month, format: 'xlsx' });
    return reply
      .header('content-type', XLSX)
      .header('content-disposition', contentDisposition('attachment', `${word(locale, 'report.fileName', { month: formatMonth(month, locale) })}.xlsx`, `report-${month}.xlsx`))
      .header('cache-control', 'private, no-store')
      .send(file);
  });

  // ---- Import: upload, preview, confirm ----
  const maxMb = () => Math.round(app.attachments.maxBytes / 1024 / 1024);

  function problemView(locale: Locale, p: Problem) {
    return { row: p.row, column: p.column, reason: word(locale, p.key, p.params) };
  }

  function uploadPage(request: FastifyRequest, reply: FastifyReply, extra: Record<string, unknown> = {}, status = 200) {
    return reply.status(status).page('pages/ledger/import', {
      title: word(request.locale, 'ledger.import.title'),
      nav: 'handovers',
      maxMb: maxMb(),
      ...extra,
    });
  }

  function previewPage(request: FastifyRequest, reply: FastifyReply, plan: ImportPlan) {
    const locale = request.locale;
    const refused = plan.rows.filter((r) => r.action === 'refused');
    const changed = plan.rows.filter((r) => r.action === 'create' || r.action === 'update');
    const show = (x: number | string | null) => (x === null || x === '' ? word(locale, 'common.notSet') : String(x));
    return reply.page('pages/ledger/import', {
      title: word(locale, 'ledger.import.previewTitle', { file: plan.fileName }),
      nav: 'handovers',
      preview: true,
      plan: { id: plan.id, counts: plan.counts, fileName: plan.fileName },
      refusals: refused.flatMap((r) => r.problems).slice(0, SHOWN).map((p) => problemView(locale, p)),
      refusalsCut: refused.flatMap((r) => r.problems).length > SHOWN,
      changes: changed.slice(0, SHOWN).map((r) => ({
        row: r.row,
        label: r.label,
        action: word(locale, `ledger.action.${r.action}`),
        create: r.action === 'create',
        changes: r.changes.map((c) => ({ column: c.column, before: show(c.before), after: show(c.after) })),
      })),
      changesCut: changed.length > SHOWN,
      shown: SHOWN,
      notices: plan.notices.map((p) => problemView(locale, p)),
      blocked: plan.counts.refused > 0,
      nothing: plan.counts.refused === 0 && plan.counts.create + plan.counts.update === 0,
      canConfirm: plan.counts.refused === 0 && plan.counts.create + plan.counts.update > 0,
    });
  }

  app.get('/ledger/import', writePlan, async (request, reply) => {
    const done = request.query as { created?: string; updated?: string };
    return uploadPage(request, reply, done.created !== undefined ? { done: { create: Number(done.created) || 0, update: Number(done.updated) || 0 } } : {});
  });

  app.post('/ledger/import', writePlan, async (request, reply) => {
    const upload = uploadOf((request.body as Record<string, unknown> | undefined)?.file);
    const locale = request.locale;
    const refuse = (problems: Problem[]) => uploadPage(request, reply, { fileProblems: problems.map((p) => problemView(locale, p)) }, 422);
    if (!upload || !upload.fileName) return refuse([{ row: null, column: null, key: 'ledger.error.fileMissing' }]);
    if (upload.truncated) return refuse([{ row: null, column: null, key: 'plan.fileTooLarge', params: { n: maxMb() } }]);
    if (!upload.data.length) return refuse([{ row: null, column: null, key: 'plan.fileEmpty' }]);
    try {
      const result = await readLedgerFile(upload.data, upload.fileName, { maxRows: MAX_WEB_ROWS });
      const plan = app.services.ledgerImport.plan(result, upload.fileName, request.user?.id ?? null);
      app.services.ledgerImport.keep(plan);
      return previewPage(request, reply, plan);
    } catch (error) {
      if (error instanceof LedgerFileError) return refuse(error.problems);
      throw error;
    }
  });

  app.post<{ Params: { id: string } }>('/ledger/import/:id/confirm', writePlan, async (request, reply) => {
    const plan = app.services.ledgerImport.find(request.params.id, request.user?.id ?? null);
    if (!plan) return uploadPage(request, reply, { fileProblems: [{ row: null, column: null, reason: word(request.locale, 'ledger.import.expired', { minutes: PENDING_MINUTES }) }] }, 409);
    try {
      const done = app.services.ledgerImport.apply(request.actor, plan);
      return reply.redirect(`/ledger/import?created=${done.created}&updated=${done.updated}`, 303);
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 409 || status === 422) {
        app.services.ledgerImport.forget(plan.id);
        return uploadPage(request, reply, { fileProblems: [{ row: null, column: null, reason: (error as Error).message.startsWith('ledger.') ? word(request.locale, (error as Error).message) : (error as Error).message }] }, status);
      }
      throw error;
    }
  });
};

export default routes;
