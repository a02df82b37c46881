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
