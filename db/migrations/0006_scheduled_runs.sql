CREATE TABLE `scheduled_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job` text NOT NULL,
	`day` text NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text,
	`status` text NOT NULL,
	`outcome` text,
	CONSTRAINT "scheduled_runs_status_ck" CHECK("scheduled_runs"."status" IN ('running','done','failed')),
	CONSTRAINT "scheduled_runs_day_ck" CHECK(date("scheduled_runs"."day") IS "scheduled_runs"."day")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `scheduled_runs_job_day_idx` ON `scheduled_runs` (`job`,`day`);