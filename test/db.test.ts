// The database: migrations on an empty file, constraints that refuse what the domain forbids,
// and the demo loader's content and idempotence.
import { join } from 'node:path';
import t from 'tap';
import { readFileSync } from 'node:fs';
import { openDb, migrateDb, migrationsFolder } from '../db/client.js';
import { setupDatabase } from '../server/services/setup.js';

const tablesOf = (db: ReturnType<typeof openDb>) =>
  db.$client.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name").pluck().all() as string[];

t.test('migrations create every table of the domain on an empty database', async (t) => {
  const db = openDb(join(t.testdir(), 'empty.db'));
  t.teardown(() => db.$client.close());
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] };
  t.equal(migrateDb(db), journal.entries.length, 'every committed migration applied');
  t.equal(migrateDb(db), 0, 'a second run applies nothing');
  const tables = tablesOf(db);
  for (const name of [
    'enterprises', 'compounds', 'handovers', 'handover_stages', 'agreements', 'agreement_handovers', 'items',
    'item_updates', 'delay_requests', 'instructions', 'groups', 'group_members', 'meeting_series', 'meetings',
    'meeting_attendance', 'meeting_agenda', 'handover_funding', 'funding_shares', 'users', 'user_groups',
    'audit_log', 'sessions', 'api_tokens', 'attachments', 'documents', 'policy_deadlines', 'snapshots',
  ]) t.ok(tables.includes(name), name);
  t.equal(db.$client.pragma('journal_mode', { simple: true }), 'wal');
  t.equal(db.$client.pragma('foreign_keys', { simple: true }), 1);
});

t.test('constraints refuse what the domain forbids', async (t) => {
  const db = openDb(join(t.testdir(), 'rules.db'));
  t.teardown(() => db.$client.close());
  migrateDb(db);
  const run = (sql: string) => () => db.$client.prepare(sql).run();
  run("INSERT INTO enterprises (name, short_name, level) VALUES ('甲企业', '甲', 'central')")();
  run("INSERT INTO compounds (enterprise_id, name, households) VALUES (1, '一村', 100)")();
  t.throws(run("INSERT INTO enterprises (name, short_name, level) VALUES ('乙企业', '乙', 'galactic')"), /CHECK/, 'unknown level');
  t.throws(run("INSERT INTO compounds (enterprise_id, name, households) VALUES (1, '二村', -5)"), /CHECK/, 'negative households');
  t.throws(run("INSERT INTO compounds (enterprise_id, name) VALUES (99, '三村')"), /FOREIGN KEY/, 'unknown enterprise');
  t.throws(run("INSERT INTO handovers (enterprise_id, compound_id, service_line, mode) VALUES (1, 1, 'internet', 'direct')"), /CHECK/, 'unknown service line');
  t.throws(run("INSERT INTO handovers (enterprise_id, service_line, mode) VALUES (1, 'water', 'direct')"), /CHECK/, 'a water handover needs a compound');
  run("INSERT INTO handovers (enterprise_id, service_line, mode) VALUES (1, 'municipal', 'direct')")();
  t.throws(run("INSERT INTO handover_stages (handover_id, stage, position) VALUES (1, 'party', 1)"), /CHECK/, 'unknown stage');
  t.throws(run("INSERT INTO handover_stages (handover_id, stage, position, planned_date) VALUES (1, 'survey', 1, '2018-02-30')"), /CHECK/, 'impossible date');
  t.throws(run("INSERT INTO items (kind, title, lead_unit) VALUES ('problem', '无时限', '区发改局')"), /NOT NULL/, 'an item without a deadline');
  t.throws(run("INSERT INTO items (kind, title, lead_unit, due_date, original_due_date, category) VALUES ('milestone', '节点', '区发改局', '2018-05-01', '2018-05-01', 'money')"), /CHECK/, 'a category only on problems');
  t.throws(run("INSERT INTO agreements (kind, enterprise_id, title, status) VALUES ('framework', 1, '无日期', 'signed')"), /CHECK/, 'a signed agreement needs its date');

  // Minutes numbers: per series and year, and for meetings without a series per group and year.
  run("INSERT INTO groups (name, kind) VALUES ('供水专项工作组', 'special'), ('供电专项工作组', 'special')")();
  run("INSERT INTO meeting_series (group_id, name, cadence, started_on) VALUES (1, '例会', 'monthly', '2018-01-01')")();
  const issued = (group: number, series: number | null, n: number) =>
    run(`INSERT INTO meetings (group_id, series_id, title, starts_at, status, minutes_status, issue_year, issue_number, issued_on)
      VALUES (${group}, ${series ?? 'NULL'}, '会议', '2018-03-01T09:00', 'held', 'issued', 2018, ${n}, '2018-03-02')`);
  issued(1, 1, 1)();
  t.throws(issued(1, 1, 1), /UNIQUE/, 'a series issues 第1期 once a year');
  issued(1, null, 1)();
  t.throws(issued(1, null, 1), /UNIQUE/, 'a group’s meetings without a series issue 第1期 once a year too');
  issued(2, null, 1)();
  t.equal(db.$client.prepare("SELECT count(*) FROM meetings WHERE issue_number = 1").pluck().get(), 3, 'another group, or a series, counts on its own');
});

t.test('the demo data: the seed situation, loaded once', async (t) => {
  const db = openDb(join(t.testdir(), 'demo.db'));
  t.teardown(() => db.$client.close());
  const first = setupDatabase(db, { demoData: true });
  t.equal(first.created, true);
  t.equal(first.demoToday, '2018-04-25');
  const one = (sql: string) => db.$client.prepare(sql).pluck().get() as number;
  const counts = () => tablesOf(db).map((name) => `${name}:${one(`SELECT count(*) FROM "${name}"`)}`).join(' ');
  const before = counts();

  t.equal(one("SELECT level FROM enterprises WHERE short_name = '镇海炼化'"), 'central');
  t.ok(one("SELECT count(*) FROM enterprises WHERE short_name = '中石化工程公司'"));
  t.equal(one("SELECT kind FROM groups WHERE name LIKE '%领导小组' AND established_on LIKE '2018-03%'"), 'leading');
  t.equal(one("SELECT count(*) FROM groups WHERE kind = 'special'"), 4, 'four special working groups');
  t.equal(one("SELECT cadence FROM meeting_series s JOIN groups g ON g.id = s.group_id WHERE g.kind = 'coordination'"), 'bimonthly');
  t.equal(one("SELECT count(DISTINCT s.cadence) FROM meeting_series s JOIN groups g ON g.id = s.group_id WHERE g.kind = 'special'"), 1);
  for (const month of ['2016-09', '2017-03', '2017-04', '2017-09']) {
    t.ok(one(`SELECT count(*) FROM meetings WHERE starts_at LIKE '${month}%'`), `a meeting in ${month}`);
  }
  t.equal(one("SELECT signed_on FROM agreements WHERE title LIKE '%市政设施及社区管理职能分离移交框架协议%'"), '2017-12-28');
  t.ok(one("SELECT count(*) FROM agreements a JOIN enterprises e ON e.id = a.enterprise_id WHERE e.short_name = '中石化工程公司' AND a.kind = 'implementation' AND a.status IN ('signed','inForce')") >= 2, 'water and power implementation agreements');
  t.ok(one("SELECT count(*) FROM agreements WHERE party_b LIKE '%兴光燃气%' AND kind = 'framework'"), 'gas framework agreement with 兴光燃气');
  t.ok(one("SELECT count(*) FROM items WHERE kind = 'problem' AND title LIKE '%土地%'"), 'land-title problem');
  t.ok(one("SELECT count(*) FROM items WHERE kind = 'problem' AND title LIKE '%外供水电%'"), 'outside water and power users problem');
  t.ok(one("SELECT count(*) FROM items WHERE kind = 'problem' AND title LIKE '%供气%' "), 'gas renovation cost standard problem');
  t.ok(one("SELECT count(*) FROM compounds WHERE is_sample = 1") > 0, 'invented figures are marked as sample');
  t.equal(one("SELECT count(*) FROM group_members WHERE phone GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9]*'"), 0, 'no real-looking phone numbers');
  t.ok(one("SELECT count(*) FROM items WHERE status NOT IN ('done','closed') AND due_date < '2018-04-25'") > 0, 'something is overdue on 2018-04-25');
  t.ok(one("SELECT count(*) FROM items WHERE status NOT IN ('done','closed') AND due_date >= '2018-04-25'") > 0, 'something is upcoming');
  t.ok(one("SELECT count(*) FROM items WHERE status = 'closed'") > 0, 'something is closed out');

  const second = setupDatabase(db, { demoData: true });
  t.equal(second.created, false);
  t.equal(counts(), before, 'a second start neither duplicates nor changes the data');
});

t.test('DEMO_DATA off gives an empty tracker that stays empty', async (t) => {
  const db = openDb(join(t.testdir(), 'blank.db'));
  t.teardown(() => db.$client.close());
  const result = setupDatabase(db, { demoData: false });
  t.equal(result.demo, false);
  t.equal(result.demoToday, null);
  t.equal(db.$client.prepare('SELECT count(*) FROM enterprises').pluck().get(), 0);
  setupDatabase(db, { demoData: true });
  t.equal(db.$client.prepare('SELECT count(*) FROM enterprises').pluck().get(), 0, 'demo data only goes into a new database');
});
