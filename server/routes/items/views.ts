// View models shared by the item pages and "my items": the status choices and one list row with
// its inline status form (errors, a conflict, or "updated" after a save).
import type { SessionUser } from '../../auth/policy.js';
import type { ItemStatus } from '../../../db/schema.js';
import { translateErrors, type FieldErrors } from '../../forms.js';
import { translate, type Locale } from '../../i18n/messages.js';
import { mayUpdateItem, reportableStatuses } from '../../services/items.js';

/** The statuses a status update offers; a delayed item may stay delayed. */
export function statusChoices(locale: Locale, current: ItemStatus, chosen: string = current) {
  const values: ItemStatus[] = current === 'delayed' ? ['delayed', ...reportableStatuses] : [...reportableStatuses];
  return values.map((value) => ({ value, label: translate(locale, `itemStatus.${value}`), selected: value === chosen }));
}

export interface RowState {
  /** What the user sent, kept when the update was refused. */
  input?: { status?: unknown; note?: unknown };
  errors?: FieldErrors;
  /** The item as it is now, when the user's version was stale. */
  conflict?: { status: ItemStatus; progress: string | null } | null;
  saved?: boolean;
  openInstructions?: number;
}

const text = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) ? String(v[v.length - 1] ?? '') : '');

/** One row of "my items" (views/partials/item-row.hbs). */
export function itemRow<T extends { id: number; status: ItemStatus; groupId: number | null }>(row: T, user: SessionUser | null, locale: Locale, state: RowState = {}) {
  const may = mayUpdateItem(user, row) && row.status !== 'closed';
  const chosen = state.input?.status !== undefined ? text(state.input.status) : row.status;
  return {
    ...row,
    mayUpdate: may,
    statusChoices: statusChoices(locale, row.status, chosen),
    note: state.input ? text(state.input.note) : '',
    errors: state.errors ? translateErrors(state.errors, locale) : {},
    /** A refusal not about the two fields (e.g. a missing version). */
    formError: state.errors && Object.keys(state.errors).some((k) => k !== 'status' && k !== 'note') ? translate(locale, 'validation.failed') : null,
    conflict: state.conflict
      ? translate(locale, 'item.updateConflictNow', {
          status: translate(locale, `itemStatus.${state.conflict.status}`),
          progress: state.conflict.progress ? `；${state.conflict.progress}` : '',
        })
      : null,
    saved: state.saved ?? false,
    openInstructions: state.openInstructions ?? 0,
  };
}
