// The organisation the tracker serves, as the admin sets it on /admin/settings: the district or
// organisation (地区或单位名称, in the page header and at the head of minutes titles), the
// programme's title (工作名称, in minutes titles and on the monthly pack's cover) and the organ
// that issues and compiles minutes (纪要印发机关: the issuing office when a meeting series names
// none, and the compiler of the monthly pack). One row, versioned and audited like every record;
// nothing in the code names a district: the demo's words live in the demo data.
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { settings } from '../../db/schema.js';
import { parseInput, single } from '../forms.js';
import { appendAudit, type Actor, type DbOrTx } from './audit.js';
import { updateRecord } from './records.js';
import { nowOf } from './now.js';

export interface OrganisationSettings {
  organisationName: string;
  programmeTitle: string;
  minutesOrgan: string;
}

/** A new tracker without the demo data: no organisation yet, the programme named as the tracker names it. */
export const SETTINGS_DEFAULTS: OrganisationSettings = {
  organisationName: '',
  programmeTitle: '“三供一业”分离移交',
  minutesOrgan: '',
};

export const SETTINGS_ID = 1;

const text = (max: number) =>
  z.preprocess((v) => (typeof single(v) === 'string' ? (single(v) as string).trim() : single(v)), z.string().min(1).max(max));

export const settingsInput = z.object({
  organisationName: text(40),
  programmeTitle: text(40),
  minutesOrgan: text(60),
  version: z.preprocess((v) => Number(single(v)), z.number().int().min(1)),
});

/** Writes the settings row when there is none (a database made before settings existed, or a new one). */
export function ensureSettings(db: DbOrTx, values: OrganisationSettings): void {
  if (db.select({ id: settings.id }).from(settings).where(eq(settings.id, SETTINGS_ID)).get()) return;
  const now = nowOf(db);
  db.insert(settings).values({ id: SETTINGS_ID, ...values, createdAt: now, updatedAt: now }).run();
}

export function createSettingsService(db: Db) {
  /** The settings with their version (the defaults, at version 1, before the row exists). */
  function get(): OrganisationSettings & { version: number } {
    const row = db.select().from(settings).where(eq(settings.id, SETTINGS_ID)).get();
    if (!row) return { ...SETTINGS_DEFAULTS, version: 1 };
    return { organisationName: row.organisationName, programmeTitle: row.programmeTitle, minutesOrgan: row.minutesOrgan, version: row.version };
  }

  /**
   * Saves the admin's form: every field required, refused (ConflictError, 409) when the settings
   * changed since the form was opened; the change and its audit entry in one transaction.
   */
  function update(actor: Actor, input: unknown): OrganisationSettings & { version: number } {
    const { version, ...values } = parseInput(settingsInput, input);
    db.transaction(
      (tx) => {
        if (!tx.select({ id: settings.id }).from(settings).where(eq(settings.id, SETTINGS_ID)).get()) {
          ensureSettings(tx, SETTINGS_DEFAULTS);
          appendAudit(tx, actor, { action: 'create', entityType: 'settings', entityId: SETTINGS_ID, after: SETTINGS_DEFAULTS });
        }
        updateRecord(tx, settings, SETTINGS_ID, version, values, actor, 'settings');
      },
      { behavior: 'immediate' },
    );
    return get();
  }

  return { get, update };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
