// The first bulk load of a work ledger from the command line: `npm run ledger:import -- FILE
// [--dry-run]` on the database at DATABASE_PATH. Reads the file (.xlsx or .csv in the export's
// layout) with the same checks as the web import, prints what would be created, updated or
// refused (row, column, reason), and — unless --dry-run, and only when no row is refused — writes
// it all in one transaction, audited as the user "ledger:import". No row limit here.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { loadConfig } from '../server/config.js';
import { translate } from '../server/i18n/messages.js';
import { LedgerFileError, readLedgerFile, type Problem } from '../server/services/ledger-read.js';
import { withTracker } from '../server/services/open.js';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const dryRun = args.includes('--dry-run');
if (!file) {
  console.error('usage: npm run ledger:import -- FILE.xlsx|FILE.csv [--dry-run]');
  process.exit(2);
}
const say = (p: Problem) => `${p.row ? `第 ${p.row} 行 ` : ''}${p.column ? `${p.column} ` : ''}${translate('zh-CN', p.key, p.params)}`;

const config = loadConfig();
await withTracker(config, async ({ services }) => {
  let read;
  try {
    read = await readLedgerFile(readFileSync(file), basename(file));
  } catch (error) {
    if (!(error instanceof LedgerFileError)) throw error;
    for (const p of error.problems) console.error(say(p));
    process.exitCode = 1;
    return;
  }
  const plan = services.ledgerImport.plan(read, basename(file), null);
  for (const p of plan.notices) console.log(say(p));
  for (const row of plan.rows) {
    if (row.action === 'refused') for (const p of row.problems) console.log(say(p));
    else if (row.action !== 'same') console.log(`第 ${row.row} 行 ${translate('zh-CN', `ledger.action.${row.action}`)} ${row.label}${row.changes.length ? `：${row.changes.map((c) => `${c.column} ${c.before ?? ''} → ${c.after ?? ''}`).join('；')}` : ''}`);
  }
  const c = plan.counts;
  console.log(translate('zh-CN', 'ledger.import.summary', { rows: c.rows, create: c.create, update: c.update, same: c.same, refused: c.refused }));
  if (c.refused) {
    console.error(translate('zh-CN', 'ledger.import.blocked'));
    process.exitCode = 1;
    return;
  }
  if (dryRun || c.create + c.update === 0) return;
  const done = services.ledgerImport.apply({ userId: null, username: 'ledger:import', ip: null }, plan);
  console.log(translate('zh-CN', 'ledger.import.done', { create: done.created, update: done.updated }));
});
