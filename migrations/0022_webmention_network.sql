ALTER TABLE `webmentions` ADD `ip_hash` text;--> statement-breakpoint
CREATE INDEX `webmentions_by_network` ON `webmentions` (`ip_hash`,`created_at`);