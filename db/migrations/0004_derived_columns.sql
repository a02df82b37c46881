CREATE TABLE `data_versions` (
	`domain` text PRIMARY KEY NOT NULL,
	`version` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
DROP INDEX `handovers_service_line_idx`;--> statement-breakpoint
ALTER TABLE `handovers` ADD `enterprise_level` text;--> statement-breakpoint
ALTER TABLE `handovers` ADD `reached_position` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `handovers` ADD `reached_stage` text;--> statement-breakpoint
ALTER TABLE `handovers` ADD `stages_done` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `handovers` ADD `stages_total` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `handovers` ADD `next_stage` text;--> statement-breakpoint
ALTER TABLE `handovers` ADD `next_planned` text;--> statement-breakpoint
ALTER TABLE `handovers` ADD `first_due` text;--> statement-breakpoint
ALTER TABLE `handovers` ADD `takeover_on` text;--> statement-breakpoint
CREATE INDEX `handovers_level_idx` ON `handovers` (`enterprise_level`,`service_line`);--> statement-breakpoint
CREATE INDEX `handovers_first_due_idx` ON `handovers` (`first_due`);--> statement-breakpoint
CREATE INDEX `handovers_list_idx` ON `handovers` (`enterprise_id`,`compound_id`,`id`);--> statement-breakpoint
CREATE INDEX `handovers_service_line_idx` ON `handovers` (`service_line`,`reached_position`);--> statement-breakpoint
DROP INDEX `items_group_idx`;--> statement-breakpoint
DROP INDEX `items_lead_unit_idx`;--> statement-breakpoint
DROP INDEX `items_enterprise_idx`;--> statement-breakpoint
ALTER TABLE `items` ADD `service_line` text;--> statement-breakpoint
ALTER TABLE `items` ADD `enterprise_level` text;--> statement-breakpoint
ALTER TABLE `items` ADD `finished` integer GENERATED ALWAYS AS (status IN ('done','closed')) VIRTUAL;--> statement-breakpoint
CREATE INDEX `items_open_due_idx` ON `items` (`finished`,`due_date`,`id`);--> statement-breakpoint
CREATE INDEX `items_line_open_idx` ON `items` (`service_line`,`finished`,`due_date`);--> statement-breakpoint
CREATE INDEX `items_level_open_idx` ON `items` (`enterprise_level`,`finished`,`due_date`);--> statement-breakpoint
CREATE INDEX `items_group_idx` ON `items` (`group_id`,`finished`,`due_date`);--> statement-breakpoint
CREATE INDEX `items_lead_unit_idx` ON `items` (`lead_unit`,`finished`,`due_date`);--> statement-breakpoint
CREATE INDEX `items_enterprise_idx` ON `items` (`enterprise_id`,`finished`,`due_date`);