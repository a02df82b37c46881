-- The 180-day guard on deleting audit entries measures age on the app's clock (app_now(), which
-- the server and every script register on their connection: services/now.ts), since entries are
-- dated by it; a connection without the clock cannot delete audit entries at all.
DROP TRIGGER IF EXISTS `audit_log_no_recent_delete`;--> statement-breakpoint
CREATE TRIGGER `audit_log_no_recent_delete` BEFORE DELETE ON `audit_log`
WHEN old.at > strftime('%Y-%m-%dT%H:%M:%fZ', app_now(), '-180 days')
BEGIN
  SELECT RAISE(ABORT, 'audit_log entries younger than 180 days cannot be deleted');
END;
