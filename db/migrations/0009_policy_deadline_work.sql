ALTER TABLE `policy_deadlines` ADD `service_lines` text;--> statement-breakpoint
ALTER TABLE `policy_deadlines` ADD `stage` text;--> statement-breakpoint
-- Existing deadlines about municipal facilities and community administration are about those lines' handovers.
UPDATE `policy_deadlines` SET `service_lines` = '["municipal","community"]' WHERE `name` LIKE '%市政%' OR `name` LIKE '%社区%';
