CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`site_id` text NOT NULL,
	`kind` text NOT NULL,
	`subject_key` text NOT NULL,
	`recipient` text NOT NULL,
	`subject` text NOT NULL,
	`text_body` text NOT NULL,
	`html_body` text NOT NULL,
	`headers` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`sent_at` integer,
	`last_error` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_once` ON `outbox` (`site_id`,`kind`,`subject_key`,`recipient`);--> statement-breakpoint
CREATE INDEX `outbox_by_due` ON `outbox` (`sent_at`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `subscribers` (
	`site_id` text NOT NULL,
	`email` text NOT NULL,
	`status` text NOT NULL,
	`confirm_token_hash` text NOT NULL,
	`unsubscribe_token_hash` text NOT NULL,
	`confirmation_sent_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`site_id`, `email`),
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `subscribers_by_confirm_token` ON `subscribers` (`confirm_token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `subscribers_by_unsubscribe_token` ON `subscribers` (`unsubscribe_token_hash`);--> statement-breakpoint
ALTER TABLE `comments` ADD `notify_replies` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `sites` ADD `gravatar` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `sites` ADD `owner_digest` integer DEFAULT false NOT NULL;