CREATE TABLE `audit_checkpoints` (
	`kind` text PRIMARY KEY NOT NULL,
	`entry_id` integer NOT NULL,
	`entry_hash` text NOT NULL,
	`count` integer NOT NULL,
	`key_id` text NOT NULL,
	`at` text NOT NULL,
	`mac` text NOT NULL,
	CONSTRAINT "audit_checkpoints_kind_ck" CHECK("audit_checkpoints"."kind" IN ('head','start','keyed','verified'))
);
--> statement-breakpoint
CREATE TABLE `feed_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`name` text NOT NULL,
	`scope` text DEFAULT 'calendar' NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`last_used_at` text,
	`revoked_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "feed_tokens_scope_ck" CHECK("feed_tokens"."scope" IN ('calendar'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `feed_tokens_hash_uq` ON `feed_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `feed_tokens_user_idx` ON `feed_tokens` (`user_id`);--> statement-breakpoint
CREATE TABLE `login_refusals` (
	`ip` text NOT NULL,
	`window_start` text NOT NULL,
	`refused` integer NOT NULL,
	`usernames` text DEFAULT '[]' NOT NULL,
	`first_at` text NOT NULL,
	`last_at` text NOT NULL,
	PRIMARY KEY(`ip`, `window_start`)
);
--> statement-breakpoint
CREATE INDEX `login_refusals_window_idx` ON `login_refusals` (`window_start`);