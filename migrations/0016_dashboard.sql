ALTER TABLE `comments` ADD `auto_status` text;--> statement-breakpoint
CREATE INDEX `comments_by_site_created` ON `comments` (`site_id`,`created_at`);