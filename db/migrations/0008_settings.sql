CREATE TABLE `settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`organisation_name` text DEFAULT '' NOT NULL,
	`programme_title` text DEFAULT '' NOT NULL,
	`minutes_organ` text DEFAULT '' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT "settings_one_row_ck" CHECK("settings"."id" = 1)
);
