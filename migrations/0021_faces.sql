ALTER TABLE `webmentions` ADD `author_name` text;--> statement-breakpoint
ALTER TABLE `webmentions` ADD `author_photo` text;--> statement-breakpoint
ALTER TABLE `webmentions` ADD `author_url` text;--> statement-breakpoint
CREATE INDEX `webmentions_by_page` ON `webmentions` (`site_id`,`page`,`status`,`detail`);