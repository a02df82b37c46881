-- Derived columns kept by triggers, in the same transaction as every write, whichever process
-- writes: a handover's progress from its stages, the enterprise level on handovers and items, an
-- item's service line; and a version counter per domain of the data (see data_versions in schema.ts).

-- A handover's progress, recomputed from its (at most nine) stages.

CREATE TRIGGER `handover_progress_insert` AFTER INSERT ON `handover_stages`
BEGIN
  UPDATE handovers SET
    reached_position = coalesce((SELECT max(s.position) FROM handover_stages s WHERE s.handover_id = NEW.handover_id AND s.actual_date IS NOT NULL), 0),
    reached_stage = (SELECT s.stage FROM handover_stages s WHERE s.handover_id = NEW.handover_id AND s.actual_date IS NOT NULL ORDER BY s.position DESC LIMIT 1),
    stages_done = (SELECT count(*) FROM handover_stages s WHERE s.handover_id = NEW.handover_id AND s.actual_date IS NOT NULL),
    stages_total = (SELECT count(*) FROM handover_stages s WHERE s.handover_id = NEW.handover_id),
    next_stage = (SELECT s.stage FROM handover_stages s WHERE s.handover_id = NEW.handover_id AND s.actual_date IS NULL ORDER BY s.position LIMIT 1),
    next_planned = (SELECT s.planned_date FROM handover_stages s WHERE s.handover_id = NEW.handover_id AND s.actual_date IS NULL ORDER BY s.position LIMIT 1),
    first_due = (SELECT min(s.planned_date) FROM handover_stages s WHERE s.handover_id = NEW.handover_id AND s.actual_date IS NULL),
    takeover_on = (SELECT s.actual_date FROM handover_stages s WHERE s.handover_id = NEW.handover_id AND s.stage = 'takeover')
  WHERE id = NEW.handover_id;
END;
--> statement-breakpoint
CREATE TRIGGER `handover_progress_update` AFTER UPDATE OF `handover_id`, `position`, `planned_date`, `actual_date`, `stage` ON `handover_stages`
BEGIN
  UPDATE handovers SET
    reached_position = coalesce((SELECT max(s.position) FROM handover_stages s WHERE s.handover_id = NEW.handover_id AND s.actual_date IS NOT NULL), 0),
    reached_stage = (SELECT s.stage FROM handover_stages s WHERE s.handover_id = NEW.handover_id AND s.actual_date IS NOT NULL ORDER BY s.position DESC LIMIT 1),
    stages_done = (SELECT count(*) FROM handover_stages s WHERE s.handover_id = NEW.handover_id AND s.actual_date IS NOT NULL),
    stages_total = (SELECT count(*) FROM handover_stages s WHERE s.handover_id = NEW.handover_id),
    next_stage = (SELECT s.stage FROM handover_stages s WHERE s.handover_id = NEW.handover_id AND s.actual_date IS NULL ORDER BY s.position LIMIT 1),
    next_planned = (SELECT s.planned_date FROM handover_stages s WHERE s.handover_id = NEW.handover_id AND s.actual_date IS NULL ORDER BY s.position LIMIT 1),
    first_due = (SELECT min(s.planned_date) FROM handover_stages s WHERE s.handover_id = NEW.handover_id AND s.actual_date IS NULL),
    takeover_on = (SELECT s.actual_date FROM handover_stages s WHERE s.handover_id = NEW.handover_id AND s.stage = 'takeover')
  WHERE id = NEW.handover_id;
  UPDATE handovers SET
    reached_position = coalesce((SELECT max(s.position) FROM handover_stages s WHERE s.handover_id = OLD.handover_id AND s.actual_date IS NOT NULL), 0),
    reached_stage = (SELECT s.stage FROM handover_stages s WHERE s.handover_id = OLD.handover_id AND s.actual_date IS NOT NULL ORDER BY s.position DESC LIMIT 1),
    stages_done = (SELECT count(*) FROM handover_stages s WHERE s.handover_id = OLD.handover_id AND s.actual_date IS NOT NULL),
    stages_total = (SELECT count(*) FROM handover_stages s WHERE s.handover_id = OLD.handover_id),
    next_stage = (SELECT s.stage FROM handover_stages s WHERE s.handover_id = OLD.handover_id AND s.actual_date IS NULL ORDER BY s.position LIMIT 1),
    next_planned = (SELECT s.planned_date FROM handover_stages s WHERE s.handover_id = OLD.handover_id AND s.actual_date IS NULL ORDER BY s.position LIMIT 1),
    first_due = (SELECT min(s.planned_date) FROM handover_stages s WHERE s.handover_id = OLD.handover_id AND s.actual_date IS NULL),
    takeover_on = (SELECT s.actual_date FROM handover_stages s WHERE s.handover_id = OLD.handover_id AND s.stage = 'takeover')
  WHERE id = OLD.handover_id;
END;
--> statement-breakpoint
CREATE TRIGGER `handover_progress_delete` AFTER DELETE ON `handover_stages`
BEGIN
  UPDATE handovers SET
    reached_position = coalesce((SELECT max(s.position) FROM handover_stages s WHERE s.handover_id = OLD.handover_id AND s.actual_date IS NOT NULL), 0),
    reached_stage = (SELECT s.stage FROM handover_stages s WHERE s.handover_id = OLD.handover_id AND s.actual_date IS NOT NULL ORDER BY s.position DESC LIMIT 1),
    stages_done = (SELECT count(*) FROM handover_stages s WHERE s.handover_id = OLD.handover_id AND s.actual_date IS NOT NULL),
    stages_total = (SELECT count(*) FROM handover_stages s WHERE s.handover_id = OLD.handover_id),
    next_stage = (SELECT s.stage FROM handover_stages s WHERE s.handover_id = OLD.handover_id AND s.actual_date IS NULL ORDER BY s.position LIMIT 1),
    next_planned = (SELECT s.planned_date FROM handover_stages s WHERE s.handover_id = OLD.handover_id AND s.actual_date IS NULL ORDER BY s.position LIMIT 1),
    first_due = (SELECT min(s.planned_date) FROM handover_stages s WHERE s.handover_id = OLD.handover_id AND s.actual_date IS NULL),
    takeover_on = (SELECT s.actual_date FROM handover_stages s WHERE s.handover_id = OLD.handover_id AND s.stage = 'takeover')
  WHERE id = OLD.handover_id;
END;
--> statement-breakpoint
-- The enterprise level on handovers and items.
CREATE TRIGGER `handover_level_insert` AFTER INSERT ON `handovers`
BEGIN
  UPDATE handovers SET enterprise_level = (SELECT e.level FROM enterprises e WHERE e.id = NEW.enterprise_id) WHERE id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER `handover_level_update` AFTER UPDATE OF `enterprise_id` ON `handovers`
BEGIN
  UPDATE handovers SET enterprise_level = (SELECT e.level FROM enterprises e WHERE e.id = NEW.enterprise_id) WHERE id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER `enterprise_level_update` AFTER UPDATE OF `level` ON `enterprises`
BEGIN
  UPDATE handovers SET enterprise_level = NEW.level WHERE enterprise_id = NEW.id;
  UPDATE items SET enterprise_level = NEW.level WHERE enterprise_id = NEW.id;
END;
--> statement-breakpoint
-- An item's service line (its handover's, else its working group's) and its enterprise's level.
CREATE TRIGGER `item_derived_insert` AFTER INSERT ON `items`
BEGIN
  UPDATE items SET
    service_line = coalesce((SELECT h.service_line FROM handovers h WHERE h.id = NEW.handover_id), (SELECT g.service_line FROM groups g WHERE g.id = NEW.group_id)),
    enterprise_level = (SELECT e.level FROM enterprises e WHERE e.id = NEW.enterprise_id)
  WHERE id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER `item_derived_update` AFTER UPDATE OF `handover_id`, `group_id`, `enterprise_id` ON `items`
BEGIN
  UPDATE items SET
    service_line = coalesce((SELECT h.service_line FROM handovers h WHERE h.id = NEW.handover_id), (SELECT g.service_line FROM groups g WHERE g.id = NEW.group_id)),
    enterprise_level = (SELECT e.level FROM enterprises e WHERE e.id = NEW.enterprise_id)
  WHERE id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER `handover_line_update` AFTER UPDATE OF `service_line` ON `handovers`
BEGIN
  UPDATE items SET service_line = NEW.service_line WHERE handover_id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER `group_line_update` AFTER UPDATE OF `service_line` ON `groups`
BEGIN
  UPDATE items SET service_line = NEW.service_line WHERE group_id = NEW.id AND handover_id IS NULL;
END;
--> statement-breakpoint
-- The data's version counters.
INSERT INTO data_versions (domain, version) VALUES ('plan', 0), ('items', 0), ('groups', 0), ('meetings', 0);

--> statement-breakpoint
CREATE TRIGGER `enterprises_insert_version` AFTER INSERT ON `enterprises`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'plan';
END;

--> statement-breakpoint
CREATE TRIGGER `enterprises_update_version` AFTER UPDATE ON `enterprises`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'plan';
END;

--> statement-breakpoint
CREATE TRIGGER `enterprises_delete_version` AFTER DELETE ON `enterprises`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'plan';
END;

--> statement-breakpoint
CREATE TRIGGER `compounds_insert_version` AFTER INSERT ON `compounds`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'plan';
END;

--> statement-breakpoint
CREATE TRIGGER `compounds_update_version` AFTER UPDATE ON `compounds`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'plan';
END;

--> statement-breakpoint
CREATE TRIGGER `compounds_delete_version` AFTER DELETE ON `compounds`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'plan';
END;

--> statement-breakpoint
CREATE TRIGGER `handovers_insert_version` AFTER INSERT ON `handovers`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'plan';
END;

--> statement-breakpoint
CREATE TRIGGER `handovers_update_version` AFTER UPDATE ON `handovers`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'plan';
END;

--> statement-breakpoint
CREATE TRIGGER `handovers_delete_version` AFTER DELETE ON `handovers`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'plan';
END;

--> statement-breakpoint
CREATE TRIGGER `handover_stages_insert_version` AFTER INSERT ON `handover_stages`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'plan';
END;

--> statement-breakpoint
CREATE TRIGGER `handover_stages_update_version` AFTER UPDATE ON `handover_stages`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'plan';
END;

--> statement-breakpoint
CREATE TRIGGER `handover_stages_delete_version` AFTER DELETE ON `handover_stages`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'plan';
END;

--> statement-breakpoint
CREATE TRIGGER `handover_funding_insert_version` AFTER INSERT ON `handover_funding`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'plan';
END;

--> statement-breakpoint
CREATE TRIGGER `handover_funding_update_version` AFTER UPDATE ON `handover_funding`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'plan';
END;

--> statement-breakpoint
CREATE TRIGGER `handover_funding_delete_version` AFTER DELETE ON `handover_funding`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'plan';
END;

--> statement-breakpoint
CREATE TRIGGER `funding_shares_insert_version` AFTER INSERT ON `funding_shares`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'plan';
END;

--> statement-breakpoint
CREATE TRIGGER `funding_shares_update_version` AFTER UPDATE ON `funding_shares`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'plan';
END;

--> statement-breakpoint
CREATE TRIGGER `funding_shares_delete_version` AFTER DELETE ON `funding_shares`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'plan';
END;

--> statement-breakpoint
CREATE TRIGGER `agreements_insert_version` AFTER INSERT ON `agreements`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'plan';
END;

--> statement-breakpoint
CREATE TRIGGER `agreements_update_version` AFTER UPDATE ON `agreements`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'plan';
END;

--> statement-breakpoint
CREATE TRIGGER `agreements_delete_version` AFTER DELETE ON `agreements`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'plan';
END;

--> statement-breakpoint
CREATE TRIGGER `agreement_handovers_insert_version` AFTER INSERT ON `agreement_handovers`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'plan';
END;

--> statement-breakpoint
CREATE TRIGGER `agreement_handovers_update_version` AFTER UPDATE ON `agreement_handovers`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'plan';
END;

--> statement-breakpoint
CREATE TRIGGER `agreement_handovers_delete_version` AFTER DELETE ON `agreement_handovers`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'plan';
END;

--> statement-breakpoint
CREATE TRIGGER `documents_insert_version` AFTER INSERT ON `documents`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'plan';
END;

--> statement-breakpoint
CREATE TRIGGER `documents_update_version` AFTER UPDATE ON `documents`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'plan';
END;

--> statement-breakpoint
CREATE TRIGGER `documents_delete_version` AFTER DELETE ON `documents`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'plan';
END;

--> statement-breakpoint
CREATE TRIGGER `policy_deadlines_insert_version` AFTER INSERT ON `policy_deadlines`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'plan';
END;

--> statement-breakpoint
CREATE TRIGGER `policy_deadlines_update_version` AFTER UPDATE ON `policy_deadlines`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'plan';
END;

--> statement-breakpoint
CREATE TRIGGER `policy_deadlines_delete_version` AFTER DELETE ON `policy_deadlines`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'plan';
END;

--> statement-breakpoint
CREATE TRIGGER `attachments_insert_version` AFTER INSERT ON `attachments`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'plan';
END;

--> statement-breakpoint
CREATE TRIGGER `attachments_update_version` AFTER UPDATE ON `attachments`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'plan';
END;

--> statement-breakpoint
CREATE TRIGGER `attachments_delete_version` AFTER DELETE ON `attachments`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'plan';
END;

--> statement-breakpoint
CREATE TRIGGER `items_insert_version` AFTER INSERT ON `items`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'items';
END;

--> statement-breakpoint
CREATE TRIGGER `items_update_version` AFTER UPDATE ON `items`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'items';
END;

--> statement-breakpoint
CREATE TRIGGER `items_delete_version` AFTER DELETE ON `items`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'items';
END;

--> statement-breakpoint
CREATE TRIGGER `item_updates_insert_version` AFTER INSERT ON `item_updates`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'items';
END;

--> statement-breakpoint
CREATE TRIGGER `item_updates_update_version` AFTER UPDATE ON `item_updates`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'items';
END;

--> statement-breakpoint
CREATE TRIGGER `item_updates_delete_version` AFTER DELETE ON `item_updates`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'items';
END;

--> statement-breakpoint
CREATE TRIGGER `delay_requests_insert_version` AFTER INSERT ON `delay_requests`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'items';
END;

--> statement-breakpoint
CREATE TRIGGER `delay_requests_update_version` AFTER UPDATE ON `delay_requests`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'items';
END;

--> statement-breakpoint
CREATE TRIGGER `delay_requests_delete_version` AFTER DELETE ON `delay_requests`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'items';
END;

--> statement-breakpoint
CREATE TRIGGER `instructions_insert_version` AFTER INSERT ON `instructions`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'items';
END;

--> statement-breakpoint
CREATE TRIGGER `instructions_update_version` AFTER UPDATE ON `instructions`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'items';
END;

--> statement-breakpoint
CREATE TRIGGER `instructions_delete_version` AFTER DELETE ON `instructions`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'items';
END;

--> statement-breakpoint
CREATE TRIGGER `groups_insert_version` AFTER INSERT ON `groups`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'groups';
END;

--> statement-breakpoint
CREATE TRIGGER `groups_update_version` AFTER UPDATE ON `groups`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'groups';
END;

--> statement-breakpoint
CREATE TRIGGER `groups_delete_version` AFTER DELETE ON `groups`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'groups';
END;

--> statement-breakpoint
CREATE TRIGGER `group_members_insert_version` AFTER INSERT ON `group_members`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'groups';
END;

--> statement-breakpoint
CREATE TRIGGER `group_members_update_version` AFTER UPDATE ON `group_members`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'groups';
END;

--> statement-breakpoint
CREATE TRIGGER `group_members_delete_version` AFTER DELETE ON `group_members`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'groups';
END;

--> statement-breakpoint
CREATE TRIGGER `user_groups_insert_version` AFTER INSERT ON `user_groups`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'groups';
END;

--> statement-breakpoint
CREATE TRIGGER `user_groups_update_version` AFTER UPDATE ON `user_groups`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'groups';
END;

--> statement-breakpoint
CREATE TRIGGER `user_groups_delete_version` AFTER DELETE ON `user_groups`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'groups';
END;

--> statement-breakpoint
CREATE TRIGGER `users_insert_version` AFTER INSERT ON `users`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'groups';
END;

--> statement-breakpoint
CREATE TRIGGER `users_update_version` AFTER UPDATE ON `users`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'groups';
END;

--> statement-breakpoint
CREATE TRIGGER `users_delete_version` AFTER DELETE ON `users`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'groups';
END;

--> statement-breakpoint
CREATE TRIGGER `meeting_series_insert_version` AFTER INSERT ON `meeting_series`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'meetings';
END;

--> statement-breakpoint
CREATE TRIGGER `meeting_series_update_version` AFTER UPDATE ON `meeting_series`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'meetings';
END;

--> statement-breakpoint
CREATE TRIGGER `meeting_series_delete_version` AFTER DELETE ON `meeting_series`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'meetings';
END;

--> statement-breakpoint
CREATE TRIGGER `meetings_insert_version` AFTER INSERT ON `meetings`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'meetings';
END;

--> statement-breakpoint
CREATE TRIGGER `meetings_update_version` AFTER UPDATE ON `meetings`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'meetings';
END;

--> statement-breakpoint
CREATE TRIGGER `meetings_delete_version` AFTER DELETE ON `meetings`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'meetings';
END;

--> statement-breakpoint
CREATE TRIGGER `meeting_attendance_insert_version` AFTER INSERT ON `meeting_attendance`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'meetings';
END;

--> statement-breakpoint
CREATE TRIGGER `meeting_attendance_update_version` AFTER UPDATE ON `meeting_attendance`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'meetings';
END;

--> statement-breakpoint
CREATE TRIGGER `meeting_attendance_delete_version` AFTER DELETE ON `meeting_attendance`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'meetings';
END;

--> statement-breakpoint
CREATE TRIGGER `meeting_agenda_insert_version` AFTER INSERT ON `meeting_agenda`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'meetings';
END;

--> statement-breakpoint
CREATE TRIGGER `meeting_agenda_update_version` AFTER UPDATE ON `meeting_agenda`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'meetings';
END;

--> statement-breakpoint
CREATE TRIGGER `meeting_agenda_delete_version` AFTER DELETE ON `meeting_agenda`
BEGIN
  UPDATE data_versions SET version = version + 1 WHERE domain = 'meetings';
END;

--> statement-breakpoint
-- What the triggers will keep from now on, computed once for the rows already there.
UPDATE handovers SET enterprise_level = (SELECT e.level FROM enterprises e WHERE e.id = handovers.enterprise_id);
--> statement-breakpoint
UPDATE handovers SET
    reached_position = coalesce((SELECT max(s.position) FROM handover_stages s WHERE s.handover_id = handovers.id AND s.actual_date IS NOT NULL), 0),
    reached_stage = (SELECT s.stage FROM handover_stages s WHERE s.handover_id = handovers.id AND s.actual_date IS NOT NULL ORDER BY s.position DESC LIMIT 1),
    stages_done = (SELECT count(*) FROM handover_stages s WHERE s.handover_id = handovers.id AND s.actual_date IS NOT NULL),
    stages_total = (SELECT count(*) FROM handover_stages s WHERE s.handover_id = handovers.id),
    next_stage = (SELECT s.stage FROM handover_stages s WHERE s.handover_id = handovers.id AND s.actual_date IS NULL ORDER BY s.position LIMIT 1),
    next_planned = (SELECT s.planned_date FROM handover_stages s WHERE s.handover_id = handovers.id AND s.actual_date IS NULL ORDER BY s.position LIMIT 1),
    first_due = (SELECT min(s.planned_date) FROM handover_stages s WHERE s.handover_id = handovers.id AND s.actual_date IS NULL),
    takeover_on = (SELECT s.actual_date FROM handover_stages s WHERE s.handover_id = handovers.id AND s.stage = 'takeover')
  ;
--> statement-breakpoint
UPDATE items SET
  service_line = coalesce((SELECT h.service_line FROM handovers h WHERE h.id = items.handover_id), (SELECT g.service_line FROM groups g WHERE g.id = items.group_id)),
  enterprise_level = (SELECT e.level FROM enterprises e WHERE e.id = items.enterprise_id);
