-- The audit log is append-only: no row is ever changed, and none younger than 180 days is deleted
-- (retention pruning may remove older ones; the hash chain is then verified from the first kept row).
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log`
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only');
END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_recent_delete` BEFORE DELETE ON `audit_log`
WHEN old.at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-180 days')
BEGIN
  SELECT RAISE(ABORT, 'audit_log entries younger than 180 days cannot be deleted');
END;
