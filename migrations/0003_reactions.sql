CREATE TABLE `reactions` (
	`site_id` text NOT NULL,
	`thread_id` integer NOT NULL,
	`comment_id` integer NOT NULL,
	`reader_hash` text NOT NULL,
	`kind` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`thread_id`, `comment_id`, `reader_hash`),
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`thread_id`) REFERENCES `threads`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `comments` ADD `score` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `comments` ADD `edit_secret_hash` text;--> statement-breakpoint
ALTER TABLE `comments` ADD `edited_at` integer;--> statement-breakpoint
CREATE INDEX `comments_by_thread_root_score` ON `comments` (`thread_id`,`root_id`,`score`,`id`);--> statement-breakpoint
ALTER TABLE `sites` ADD `edit_window_minutes` integer DEFAULT 15 NOT NULL;