// The links to the ledger's exports from a list or the dashboard, in the list's scope.
import { formatMonth, type Locale } from '../../dates.js';
import { link } from '../../services/dashboard.js';
import type { LedgerFilter } from '../../services/ledger.js';

export function ledgerLinks(filter: LedgerFilter, month: string, locale: Locale) {
  const scope = { level: filter.level, serviceLine: filter.serviceLine, groupId: filter.groupId, enterpriseId: filter.enterpriseId };
  return {
    xlsx: link('/ledger.xlsx', scope),
    csv: link('/ledger.csv', scope),
    monthly: `/reports/monthly/${month}.xlsx`,
    month: formatMonth(month, locale),
  };
}
