CREATE TABLE `reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`site_id` text NOT NULL,
	`comment_id` integer NOT NULL,
	`reader_hash` text NOT NULL,
	`ip_hash` text NOT NULL,
	`reason` text NOT NULL,
	`weight` real NOT NULL,
	`resolution` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`comment_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reports_once` ON `reports` (`comment_id`,`reader_hash`);--> statement-breakpoint
CREATE INDEX `reports_by_site_open` ON `reports` (`site_id`,`resolution`,`comment_id`);--> statement-breakpoint
CREATE INDEX `reports_by_reader` ON `reports` (`site_id`,`reader_hash`,`resolution`);--> statement-breakpoint
CREATE INDEX `reports_by_network` ON `reports` (`ip_hash`,`created_at`);--> statement-breakpoint
ALTER TABLE `sites` ADD `report_threshold` real DEFAULT 3 NOT NULL;