CREATE TABLE `webmentions` (
	`id` text PRIMARY KEY NOT NULL,
	`site_id` text NOT NULL,
	`source` text NOT NULL,
	`target` text NOT NULL,
	`page` text NOT NULL,
	`status` text NOT NULL,
	`detail` text,
	`comment_id` integer,
	`updated_at` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `webmentions_by_pair` ON `webmentions` (`site_id`,`source`,`target`);--> statement-breakpoint
ALTER TABLE `comments` ADD `mention_source` text;