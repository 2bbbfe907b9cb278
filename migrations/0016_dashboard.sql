ALTER TABLE `comments` ADD `auto_status` text;--> statement-breakpoint
ALTER TABLE `comments` ADD `caught_by` text;--> statement-breakpoint
CREATE INDEX `comments_by_site_created` ON `comments` (`site_id`,`created_at`,`status`,`auto_status`,`trained_label`,`duplicate_of`,`thread_id`,`caught_by`);