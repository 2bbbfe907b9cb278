ALTER TABLE `sites` ADD `hold_mentions` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `threads` ADD `fediverse_status` text;--> statement-breakpoint
ALTER TABLE `threads` ADD `fediverse_due_at` integer;--> statement-breakpoint
CREATE INDEX `threads_by_fediverse_due` ON `threads` (`fediverse_due_at`);