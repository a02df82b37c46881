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