CREATE TABLE `escalation_ladders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`remind_before` integer DEFAULT 3 NOT NULL,
	`urge_after` integer DEFAULT 1 NOT NULL,
	`escalate_after` integer DEFAULT 5 NOT NULL,
	`report_at_month_end` integer DEFAULT true NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT "escalation_ladders_kind_ck" CHECK("escalation_ladders"."kind" IN ('milestone','decision','problem')),
	CONSTRAINT "escalation_ladders_days_ck" CHECK("escalation_ladders"."remind_before" BETWEEN 0 AND 60 AND "escalation_ladders"."urge_after" BETWEEN 1 AND 60 AND "escalation_ladders"."escalate_after" BETWEEN 1 AND 60)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `escalation_ladders_kind_uq` ON `escalation_ladders` (`kind`);--> statement-breakpoint
CREATE TABLE `escalations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer NOT NULL,
	`step` text NOT NULL,
	`cycle` text NOT NULL,
	`on_day` text NOT NULL,
	`due_date` text NOT NULL,
	`workdays` integer DEFAULT 0 NOT NULL,
	`year` integer,
	`number` integer,
	`lead_unit` text NOT NULL,
	`signed_by` integer,
	`signed_by_name` text,
	`signed_at` text,
	`signed_on` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`item_id`) REFERENCES `items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`signed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "escalations_step_ck" CHECK("escalations"."step" IN ('reminder','urge','escalation','report')),
	CONSTRAINT "escalations_day_ck" CHECK(date("escalations"."on_day") IS "escalations"."on_day"),
	CONSTRAINT "escalations_number_ck" CHECK(("escalations"."step" = 'urge') = ("escalations"."number" IS NOT NULL AND "escalations"."year" IS NOT NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `escalations_item_step_uq` ON `escalations` (`item_id`,`step`,`cycle`);--> statement-breakpoint
CREATE UNIQUE INDEX `escalations_number_uq` ON `escalations` (`year`,`number`);--> statement-breakpoint
CREATE INDEX `escalations_step_idx` ON `escalations` (`step`,`cycle`,`item_id`);--> statement-breakpoint
CREATE INDEX `escalations_day_idx` ON `escalations` (`on_day`,`step`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`item_id` integer,
	`escalation_id` integer,
	`title` text NOT NULL,
	`params` text DEFAULT '{}' NOT NULL,
	`link` text,
	`on_day` text NOT NULL,
	`created_at` text NOT NULL,
	`read_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`item_id`) REFERENCES `items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`escalation_id`) REFERENCES `escalations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `notifications_user_idx` ON `notifications` (`user_id`,`id`);--> statement-breakpoint
CREATE INDEX `notifications_unread_idx` ON `notifications` (`user_id`,`read_at`);--> statement-breakpoint
CREATE INDEX `notifications_day_idx` ON `notifications` (`on_day`,`user_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_escalation_user_uq` ON `notifications` (`escalation_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel` text NOT NULL,
	`key` text NOT NULL,
	`recipient` text DEFAULT '' NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`data` text DEFAULT '{}' NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text NOT NULL,
	`last_error` text,
	`sent_at` text,
	`created_at` text NOT NULL,
	CONSTRAINT "outbox_channel_ck" CHECK("outbox"."channel" IN ('email','wecom','dingtalk','webhook')),
	CONSTRAINT "outbox_status_ck" CHECK("outbox"."status" IN ('pending','sent','failed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_key_uq` ON `outbox` (`channel`,`key`);--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`status`,`channel`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `outbox_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`outbox_id` integer NOT NULL,
	`at` text NOT NULL,
	`ok` integer NOT NULL,
	`detail` text,
	FOREIGN KEY (`outbox_id`) REFERENCES `outbox`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `outbox_attempts_outbox_idx` ON `outbox_attempts` (`outbox_id`,`id`);--> statement-breakpoint
CREATE TABLE `working_days` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`day` text NOT NULL,
	`work` integer NOT NULL,
	`name` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT "working_days_day_ck" CHECK(date("working_days"."day") IS "working_days"."day"),
	CONSTRAINT "working_days_name_ck" CHECK(length(trim("working_days"."name")) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `working_days_day_uq` ON `working_days` (`day`);--> statement-breakpoint
ALTER TABLE `items` ADD `due_workdays` integer;