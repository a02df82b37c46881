CREATE TABLE `agreement_handovers` (
	`agreement_id` integer NOT NULL,
	`handover_id` integer NOT NULL,
	PRIMARY KEY(`agreement_id`, `handover_id`),
	FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`handover_id`) REFERENCES `handovers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `agreement_handovers_h_idx` ON `agreement_handovers` (`handover_id`);--> statement-breakpoint
CREATE TABLE `agreements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`enterprise_id` integer NOT NULL,
	`parent_agreement_id` integer,
	`title` text NOT NULL,
	`number` text,
	`service_lines` text,
	`party_a` text,
	`party_b` text,
	`status` text DEFAULT 'drafting' NOT NULL,
	`signed_on` text,
	`cutoff_date` text,
	`standard` text,
	`timeframe` text,
	`method` text,
	`scope` text,
	`amount` integer,
	`attachment_id` integer,
	`group_id` integer,
	`is_sample` integer DEFAULT false NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`parent_agreement_id`) REFERENCES `agreements`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`attachment_id`) REFERENCES `attachments`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "agreements_kind_ck" CHECK("agreements"."kind" IN ('framework','implementation','supplementary')),
	CONSTRAINT "agreements_status_ck" CHECK("agreements"."status" IN ('drafting','negotiating','signed','inForce','completed')),
	CONSTRAINT "agreements_signed_ck" CHECK((signed_on IS NULL OR date(signed_on) IS signed_on)),
	CONSTRAINT "agreements_cutoff_ck" CHECK((cutoff_date IS NULL OR date(cutoff_date) IS cutoff_date)),
	CONSTRAINT "agreements_signed_date_ck" CHECK("agreements"."status" IN ('drafting','negotiating') OR "agreements"."signed_on" IS NOT NULL),
	CONSTRAINT "agreements_amount_ck" CHECK(coalesce("agreements"."amount",0) >= 0)
);
--> statement-breakpoint
CREATE INDEX `agreements_enterprise_idx` ON `agreements` (`enterprise_id`,`kind`);--> statement-breakpoint
CREATE INDEX `agreements_status_idx` ON `agreements` (`status`);--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`last_used_at` text,
	`revoked_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_hash_uq` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_user_idx` ON `api_tokens` (`user_id`);--> statement-breakpoint
CREATE TABLE `app_meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sha256` text NOT NULL,
	`original_name` text NOT NULL,
	`mime_type` text NOT NULL,
	`size` integer NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` integer NOT NULL,
	`uploaded_by` integer,
	`uploaded_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "attachments_size_ck" CHECK("attachments"."size" >= 0)
);
--> statement-breakpoint
CREATE INDEX `attachments_entity_idx` ON `attachments` (`entity_type`,`entity_id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`user_id` integer,
	`username` text,
	`ip` text,
	`action` text NOT NULL,
	`entity_type` text,
	`entity_id` integer,
	`before` text,
	`after` text,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL,
	CONSTRAINT "audit_log_action_ck" CHECK("audit_log"."action" IN ('create','update','delete','login','logout','loginFailed','permission','export'))
);
--> statement-breakpoint
CREATE INDEX `audit_log_entity_idx` ON `audit_log` (`entity_type`,`entity_id`);--> statement-breakpoint
CREATE INDEX `audit_log_at_idx` ON `audit_log` (`at`);--> statement-breakpoint
CREATE INDEX `audit_log_user_idx` ON `audit_log` (`user_id`);--> statement-breakpoint
CREATE TABLE `compounds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enterprise_id` integer NOT NULL,
	`name` text NOT NULL,
	`address` text,
	`street` text,
	`community` text,
	`buildings` integer DEFAULT 0 NOT NULL,
	`floor_area` real DEFAULT 0 NOT NULL,
	`households` integer DEFAULT 0 NOT NULL,
	`water_customers` integer DEFAULT 0 NOT NULL,
	`is_sample` integer DEFAULT false NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "compounds_figures_ck" CHECK("compounds"."buildings" >= 0 AND "compounds"."floor_area" >= 0 AND "compounds"."households" >= 0 AND "compounds"."water_customers" >= 0),
	CONSTRAINT "compounds_name_ck" CHECK(length(trim("compounds"."name")) > 0)
);
--> statement-breakpoint
CREATE INDEX `compounds_enterprise_idx` ON `compounds` (`enterprise_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `compounds_enterprise_name_uq` ON `compounds` (`enterprise_id`,`name`);--> statement-breakpoint
CREATE TABLE `delay_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer NOT NULL,
	`previous_due_date` text NOT NULL,
	`new_due_date` text NOT NULL,
	`reason` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`requested_by` integer,
	`requested_on` text NOT NULL,
	`decided_by` integer,
	`decided_on` text,
	`decision_note` text,
	FOREIGN KEY (`item_id`) REFERENCES `items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "delay_requests_status_ck" CHECK("delay_requests"."status" IN ('pending','approved','rejected')),
	CONSTRAINT "delay_requests_new_ck" CHECK(date("delay_requests"."new_due_date") IS "delay_requests"."new_due_date"),
	CONSTRAINT "delay_requests_prev_ck" CHECK(date("delay_requests"."previous_due_date") IS "delay_requests"."previous_due_date"),
	CONSTRAINT "delay_requests_reason_ck" CHECK(length(trim("delay_requests"."reason")) > 0)
);
--> statement-breakpoint
CREATE INDEX `delay_requests_item_idx` ON `delay_requests` (`item_id`);--> statement-breakpoint
CREATE INDEX `delay_requests_status_idx` ON `delay_requests` (`status`);--> statement-breakpoint
CREATE TABLE `documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`doc_number` text,
	`issuer` text,
	`group_id` integer,
	`status` text DEFAULT 'issued' NOT NULL,
	`issued_on` text,
	`summary` text,
	`attachment_id` integer,
	`is_sample` integer DEFAULT false NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`attachment_id`) REFERENCES `attachments`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "documents_status_ck" CHECK("documents"."status" IN ('draft','issued')),
	CONSTRAINT "documents_issued_ck" CHECK((issued_on IS NULL OR date(issued_on) IS issued_on))
);
--> statement-breakpoint
CREATE TABLE `enterprises` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`short_name` text NOT NULL,
	`level` text NOT NULL,
	`parent_group` text,
	`former_policy_bankrupt` integer DEFAULT false NOT NULL,
	`devolved_from_central` integer DEFAULT false NOT NULL,
	`contacts` text,
	`notes` text,
	`is_sample` integer DEFAULT false NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT "enterprises_level_ck" CHECK("enterprises"."level" IN ('central','provincial','municipal','district')),
	CONSTRAINT "enterprises_name_ck" CHECK(length(trim("enterprises"."name")) > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `enterprises_name_uq` ON `enterprises` (`name`);--> statement-breakpoint
CREATE INDEX `enterprises_level_idx` ON `enterprises` (`level`);--> statement-breakpoint
CREATE TABLE `funding_shares` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`handover_id` integer NOT NULL,
	`source` text NOT NULL,
	`committed` integer DEFAULT 0 NOT NULL,
	`disbursed` integer DEFAULT 0 NOT NULL,
	`is_sample` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`handover_id`) REFERENCES `handovers`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "funding_shares_source_ck" CHECK("funding_shares"."source" IN ('central','local','group','enterprise')),
	CONSTRAINT "funding_shares_amounts_ck" CHECK("funding_shares"."committed" >= 0 AND "funding_shares"."disbursed" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `funding_shares_uq` ON `funding_shares` (`handover_id`,`source`);--> statement-breakpoint
CREATE TABLE `group_members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`group_id` integer NOT NULL,
	`name` text NOT NULL,
	`unit` text NOT NULL,
	`post` text,
	`duty` text,
	`phone` text,
	`email` text,
	`user_id` integer,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`is_sample` integer DEFAULT false NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "group_members_name_ck" CHECK(length(trim("group_members"."name")) > 0)
);
--> statement-breakpoint
CREATE INDEX `group_members_group_idx` ON `group_members` (`group_id`,`sort_order`);--> statement-breakpoint
CREATE TABLE `groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`parent_id` integer,
	`lead_department` text,
	`service_line` text,
	`enterprise_id` integer,
	`established_on` text,
	`description` text,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "groups_kind_ck" CHECK("groups"."kind" IN ('leading','coordination','special')),
	CONSTRAINT "groups_service_line_ck" CHECK("groups"."service_line" IS NULL OR "groups"."service_line" IN ('water','power','gas','heat','property','municipal','community')),
	CONSTRAINT "groups_established_ck" CHECK((established_on IS NULL OR date(established_on) IS established_on))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `groups_name_uq` ON `groups` (`name`);--> statement-breakpoint
CREATE INDEX `groups_parent_idx` ON `groups` (`parent_id`);--> statement-breakpoint
CREATE TABLE `handover_funding` (
	`handover_id` integer PRIMARY KEY NOT NULL,
	`estimated_cost` integer,
	`approved_cost` integer,
	`settlement_cost` integer,
	`note` text,
	`is_sample` integer DEFAULT false NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`handover_id`) REFERENCES `handovers`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "handover_funding_amounts_ck" CHECK(coalesce("handover_funding"."estimated_cost",0) >= 0 AND coalesce("handover_funding"."approved_cost",0) >= 0 AND coalesce("handover_funding"."settlement_cost",0) >= 0)
);
--> statement-breakpoint
CREATE TABLE `handover_stages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`handover_id` integer NOT NULL,
	`stage` text NOT NULL,
	`position` integer NOT NULL,
	`planned_date` text,
	`actual_date` text,
	`done_by` integer,
	`done_at` text,
	`note` text,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`handover_id`) REFERENCES `handovers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`done_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "handover_stages_stage_ck" CHECK("handover_stages"."stage" IN ('survey','framework','plan','implementation','takeover','works','acceptance','assets','audit')),
	CONSTRAINT "handover_stages_position_ck" CHECK("handover_stages"."position" BETWEEN 1 AND 9),
	CONSTRAINT "handover_stages_planned_ck" CHECK((planned_date IS NULL OR date(planned_date) IS planned_date)),
	CONSTRAINT "handover_stages_actual_ck" CHECK((actual_date IS NULL OR date(actual_date) IS actual_date))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `handover_stages_uq` ON `handover_stages` (`handover_id`,`stage`);--> statement-breakpoint
CREATE INDEX `handover_stages_planned_idx` ON `handover_stages` (`planned_date`);--> statement-breakpoint
CREATE TABLE `handovers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enterprise_id` integer NOT NULL,
	`compound_id` integer,
	`service_line` text NOT NULL,
	`receiver` text,
	`coordinating_department` text,
	`mode` text NOT NULL,
	`group_id` integer,
	`issues_summary` text,
	`next_steps` text,
	`lead_unit` text,
	`owner` text,
	`is_sample` integer DEFAULT false NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`compound_id`) REFERENCES `compounds`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "handovers_service_line_ck" CHECK("handovers"."service_line" IN ('water','power','gas','heat','property','municipal','community')),
	CONSTRAINT "handovers_mode_ck" CHECK("handovers"."mode" IN ('handoverFirst','renovateFirst','direct')),
	CONSTRAINT "handovers_compound_ck" CHECK("handovers"."compound_id" IS NOT NULL OR "handovers"."service_line" IN ('municipal','community'))
);
--> statement-breakpoint
CREATE INDEX `handovers_enterprise_idx` ON `handovers` (`enterprise_id`,`service_line`);--> statement-breakpoint
CREATE INDEX `handovers_service_line_idx` ON `handovers` (`service_line`);--> statement-breakpoint
CREATE INDEX `handovers_group_idx` ON `handovers` (`group_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `handovers_compound_line_uq` ON `handovers` (`compound_id`,`service_line`);--> statement-breakpoint
CREATE TABLE `instructions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`target_type` text NOT NULL,
	`target_id` integer NOT NULL,
	`text` text NOT NULL,
	`author_id` integer,
	`author_name` text NOT NULL,
	`given_on` text NOT NULL,
	`acknowledged_by` integer,
	`acknowledged_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`acknowledged_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "instructions_target_ck" CHECK("instructions"."target_type" IN ('item','enterprise','handover')),
	CONSTRAINT "instructions_text_ck" CHECK(length(trim("instructions"."text")) > 0)
);
--> statement-breakpoint
CREATE INDEX `instructions_target_idx` ON `instructions` (`target_type`,`target_id`);--> statement-breakpoint
CREATE TABLE `item_updates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer NOT NULL,
	`on_date` text NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`note` text,
	`user_id` integer,
	`author` text,
	`at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`item_id`) REFERENCES `items`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "item_updates_on_ck" CHECK(date("item_updates"."on_date") IS "item_updates"."on_date"),
	CONSTRAINT "item_updates_to_ck" CHECK("item_updates"."to_status" IN ('notStarted','inProgress','done','closed','delayed'))
);
--> statement-breakpoint
CREATE INDEX `item_updates_item_idx` ON `item_updates` (`item_id`,`at`);--> statement-breakpoint
CREATE TABLE `items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`detail` text,
	`lead_unit` text NOT NULL,
	`support_units` text DEFAULT '[]' NOT NULL,
	`owner` text,
	`owner_user_id` integer,
	`group_id` integer,
	`due_date` text NOT NULL,
	`original_due_date` text NOT NULL,
	`delay_count` integer DEFAULT 0 NOT NULL,
	`status` text DEFAULT 'notStarted' NOT NULL,
	`progress` text,
	`category` text,
	`level` text,
	`enterprise_id` integer,
	`handover_id` integer,
	`stage` text,
	`agreement_id` integer,
	`meeting_id` integer,
	`position` integer,
	`raised_on` text,
	`first_response_on` text,
	`done_on` text,
	`closed_on` text,
	`closed_by` integer,
	`close_note` text,
	`created_by` integer,
	`is_sample` integer DEFAULT false NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`owner_user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`enterprise_id`) REFERENCES `enterprises`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`handover_id`) REFERENCES `handovers`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`agreement_id`) REFERENCES `agreements`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`closed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "items_kind_ck" CHECK("items"."kind" IN ('milestone','decision','problem')),
	CONSTRAINT "items_status_ck" CHECK("items"."status" IN ('notStarted','inProgress','done','closed','delayed')),
	CONSTRAINT "items_title_ck" CHECK(length(trim("items"."title")) > 0),
	CONSTRAINT "items_lead_unit_ck" CHECK(length(trim("items"."lead_unit")) > 0),
	CONSTRAINT "items_due_ck" CHECK(date("items"."due_date") IS "items"."due_date"),
	CONSTRAINT "items_original_due_ck" CHECK(date("items"."original_due_date") IS "items"."original_due_date"),
	CONSTRAINT "items_delay_count_ck" CHECK("items"."delay_count" >= 0),
	CONSTRAINT "items_category_ck" CHECK("items"."category" IS NULL OR ("items"."kind" = 'problem' AND "items"."category" IN ('money','assets','staff','works','fees','residents'))),
	CONSTRAINT "items_level_ck" CHECK("items"."level" IS NULL OR ("items"."kind" = 'problem' AND "items"."level" IN ('enterprise','district','city'))),
	CONSTRAINT "items_stage_ck" CHECK("items"."stage" IS NULL OR "items"."stage" IN ('survey','framework','plan','implementation','takeover','works','acceptance','assets','audit')),
	CONSTRAINT "items_support_units_ck" CHECK(json_valid("items"."support_units") AND json_type("items"."support_units") = 'array'),
	CONSTRAINT "items_closed_ck" CHECK("items"."status" <> 'closed' OR "items"."closed_on" IS NOT NULL),
	CONSTRAINT "items_raised_ck" CHECK((raised_on IS NULL OR date(raised_on) IS raised_on)),
	CONSTRAINT "items_first_response_ck" CHECK((first_response_on IS NULL OR date(first_response_on) IS first_response_on)),
	CONSTRAINT "items_done_ck" CHECK((done_on IS NULL OR date(done_on) IS done_on)),
	CONSTRAINT "items_closed_on_ck" CHECK((closed_on IS NULL OR date(closed_on) IS closed_on))
);
--> statement-breakpoint
CREATE INDEX `items_status_due_idx` ON `items` (`status`,`due_date`);--> statement-breakpoint
CREATE INDEX `items_due_idx` ON `items` (`due_date`);--> statement-breakpoint
CREATE INDEX `items_group_idx` ON `items` (`group_id`,`status`);--> statement-breakpoint
CREATE INDEX `items_lead_unit_idx` ON `items` (`lead_unit`);--> statement-breakpoint
CREATE INDEX `items_enterprise_idx` ON `items` (`enterprise_id`);--> statement-breakpoint
CREATE INDEX `items_handover_idx` ON `items` (`handover_id`);--> statement-breakpoint
CREATE INDEX `items_meeting_idx` ON `items` (`meeting_id`,`position`);--> statement-breakpoint
CREATE INDEX `items_agreement_idx` ON `items` (`agreement_id`);--> statement-breakpoint
CREATE INDEX `items_kind_idx` ON `items` (`kind`,`status`);--> statement-breakpoint
CREATE TABLE `login_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`ip` text NOT NULL,
	`at` text NOT NULL,
	`success` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `login_attempts_user_idx` ON `login_attempts` (`username`,`at`);--> statement-breakpoint
CREATE INDEX `login_attempts_ip_idx` ON `login_attempts` (`ip`,`at`);--> statement-breakpoint
CREATE TABLE `meeting_agenda` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`meeting_id` integer NOT NULL,
	`position` integer NOT NULL,
	`title` text NOT NULL,
	`presenter` text,
	`item_id` integer,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`item_id`) REFERENCES `items`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `meeting_agenda_meeting_idx` ON `meeting_agenda` (`meeting_id`,`position`);--> statement-breakpoint
CREATE TABLE `meeting_attendance` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`meeting_id` integer NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`unit` text NOT NULL,
	`post` text,
	`stand_in` text,
	`member_id` integer,
	`sort_order` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `group_members`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "meeting_attendance_kind_ck" CHECK("meeting_attendance"."kind" IN ('present','attending','excused'))
);
--> statement-breakpoint
CREATE INDEX `meeting_attendance_meeting_idx` ON `meeting_attendance` (`meeting_id`,`kind`,`sort_order`);--> statement-breakpoint
CREATE TABLE `meeting_series` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`group_id` integer NOT NULL,
	`name` text NOT NULL,
	`kind` text DEFAULT 'regular' NOT NULL,
	`cadence` text NOT NULL,
	`rrule` text,
	`grace_days` integer DEFAULT 0 NOT NULL,
	`started_on` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`issuing_office` text,
	`distribution` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "meeting_series_kind_ck" CHECK("meeting_series"."kind" IN ('regular','briefing','dispatch','progress','forum')),
	CONSTRAINT "meeting_series_cadence_ck" CHECK("meeting_series"."cadence" IN ('weekly','monthly','bimonthly','quarterly','custom')),
	CONSTRAINT "meeting_series_rrule_ck" CHECK("meeting_series"."cadence" <> 'custom' OR "meeting_series"."rrule" IS NOT NULL),
	CONSTRAINT "meeting_series_grace_ck" CHECK("meeting_series"."grace_days" >= 0),
	CONSTRAINT "meeting_series_started_ck" CHECK((started_on IS NULL OR date(started_on) IS started_on))
);
--> statement-breakpoint
CREATE INDEX `meeting_series_group_idx` ON `meeting_series` (`group_id`);--> statement-breakpoint
CREATE TABLE `meetings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`series_id` integer,
	`group_id` integer NOT NULL,
	`title` text NOT NULL,
	`kind` text DEFAULT 'regular' NOT NULL,
	`starts_at` text NOT NULL,
	`ends_at` text,
	`place` text,
	`chair` text,
	`chair_post` text,
	`recorder` text,
	`topic` text,
	`heard` text,
	`summary` text,
	`status` text DEFAULT 'planned' NOT NULL,
	`minutes_status` text DEFAULT 'draft' NOT NULL,
	`issue_year` integer,
	`issue_number` integer,
	`issued_on` text,
	`issued_by` integer,
	`issuing_office` text,
	`distribution` text,
	`is_sample` integer DEFAULT false NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`series_id`) REFERENCES `meeting_series`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`issued_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "meetings_kind_ck" CHECK("meetings"."kind" IN ('regular','briefing','dispatch','progress','forum')),
	CONSTRAINT "meetings_status_ck" CHECK("meetings"."status" IN ('planned','held','cancelled')),
	CONSTRAINT "meetings_minutes_ck" CHECK("meetings"."minutes_status" IN ('draft','issued')),
	CONSTRAINT "meetings_starts_ck" CHECK("meetings"."starts_at" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]'),
	CONSTRAINT "meetings_issued_ck" CHECK("meetings"."minutes_status" = 'draft' OR ("meetings"."issue_number" IS NOT NULL AND "meetings"."issue_year" IS NOT NULL AND "meetings"."issued_on" IS NOT NULL))
);
--> statement-breakpoint
CREATE INDEX `meetings_series_idx` ON `meetings` (`series_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `meetings_group_idx` ON `meetings` (`group_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `meetings_starts_idx` ON `meetings` (`starts_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `meetings_issue_uq` ON `meetings` (`series_id`,`issue_year`,`issue_number`);--> statement-breakpoint
CREATE TABLE `policy_deadlines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`name_en` text,
	`due_date` text NOT NULL,
	`basis` text,
	`sort_order` integer DEFAULT 0 NOT NULL,
	CONSTRAINT "policy_deadlines_due_ck" CHECK(date("policy_deadlines"."due_date") IS "policy_deadlines"."due_date")
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	`ip` text,
	`user_agent` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `snapshot_handovers` (
	`month` text NOT NULL,
	`handover_id` integer NOT NULL,
	`stage` text,
	`stages_done` integer NOT NULL,
	PRIMARY KEY(`month`, `handover_id`),
	FOREIGN KEY (`month`) REFERENCES `snapshots`(`month`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `snapshot_items` (
	`month` text NOT NULL,
	`item_id` integer NOT NULL,
	`status` text NOT NULL,
	`overdue` integer NOT NULL,
	PRIMARY KEY(`month`, `item_id`),
	FOREIGN KEY (`month`) REFERENCES `snapshots`(`month`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `snapshots` (
	`month` text PRIMARY KEY NOT NULL,
	`taken_at` text NOT NULL,
	`as_of` text NOT NULL,
	CONSTRAINT "snapshots_month_ck" CHECK("snapshots"."month" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]')
);
--> statement-breakpoint
CREATE TABLE `user_groups` (
	`user_id` integer NOT NULL,
	`group_id` integer NOT NULL,
	PRIMARY KEY(`user_id`, `group_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `user_groups_group_idx` ON `user_groups` (`group_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`disabled` integer DEFAULT false NOT NULL,
	`locale` text,
	`password_changed_at` text,
	`last_login_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT "users_role_ck" CHECK("users"."role" IN ('admin','office','leader','staff'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username_uq` ON `users` (`username`);