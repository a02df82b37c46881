CREATE INDEX `handover_stages_actual_idx` ON `handover_stages` (`actual_date`);--> statement-breakpoint
CREATE INDEX `items_closed_on_idx` ON `items` (`closed_on`);--> statement-breakpoint
CREATE INDEX `items_created_idx` ON `items` (`created_at`);