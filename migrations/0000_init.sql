CREATE TABLE `comments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`site_id` text NOT NULL,
	`thread_id` integer NOT NULL,
	`parent_id` integer,
	`root_id` integer,
	`depth` integer DEFAULT 0 NOT NULL,
	`author_name` text NOT NULL,
	`author_email` text,
	`author_website` text,
	`body` text NOT NULL,
	`body_html` text NOT NULL,
	`status` text NOT NULL,
	`reader_hash` text,
	`idempotency_key` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`thread_id`) REFERENCES `threads`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `comments_by_thread_root` ON `comments` (`thread_id`,`root_id`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `comments_by_idempotency_key` ON `comments` (`site_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `comments_by_site_email` ON `comments` (`site_id`,`author_email`,`status`);--> statement-breakpoint
CREATE TABLE `sites` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`allowed_origins` text NOT NULL,
	`moderation_mode` text DEFAULT 'publish' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `threads` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`site_id` text NOT NULL,
	`path` text NOT NULL,
	`title` text,
	`url` text,
	`closed` integer DEFAULT false NOT NULL,
	`comment_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `threads_by_site_path` ON `threads` (`site_id`,`path`);