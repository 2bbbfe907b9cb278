CREATE TABLE `bans` (
	`site_id` text NOT NULL,
	`kind` text NOT NULL,
	`value` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`site_id`, `kind`, `value`),
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `duplicate_keys` (
	`site_id` text NOT NULL,
	`key` text NOT NULL,
	`comment_id` integer NOT NULL,
	PRIMARY KEY(`site_id`, `key`, `comment_id`),
	FOREIGN KEY (`comment_id`) REFERENCES `comments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `duplicate_keys_by_comment` ON `duplicate_keys` (`comment_id`);--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`key` text PRIMARY KEY NOT NULL,
	`window_started_at` integer NOT NULL,
	`count` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `spam_features` (
	`site_id` text NOT NULL,
	`feature` text NOT NULL,
	`weight` real DEFAULT 0 NOT NULL,
	`squared_gradients` real DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `feature`),
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `spam_models` (
	`site_id` text PRIMARY KEY NOT NULL,
	`ham_docs` integer DEFAULT 0 NOT NULL,
	`spam_docs` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `trusted_authors` (
	`site_id` text NOT NULL,
	`email` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`site_id`, `email`),
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `used_form_tokens` (
	`token_id` text PRIMARY KEY NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `comments` ADD `ip_hash` text;--> statement-breakpoint
ALTER TABLE `comments` ADD `spam_score` real;--> statement-breakpoint
ALTER TABLE `comments` ADD `reasons` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `comments` ADD `normalized_body` text;--> statement-breakpoint
ALTER TABLE `comments` ADD `duplicate_of` integer;--> statement-breakpoint
ALTER TABLE `comments` ADD `duplicate_kind` text;--> statement-breakpoint
ALTER TABLE `comments` ADD `duplicate_similarity` real;--> statement-breakpoint
ALTER TABLE `comments` ADD `trained_label` text;--> statement-breakpoint
ALTER TABLE `comments` ADD `deleted_at` integer;--> statement-breakpoint
ALTER TABLE `comments` ADD `status_before_delete` text;--> statement-breakpoint
ALTER TABLE `comments` ADD `pinned` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `comments` ADD `staff_moderator_id` integer REFERENCES moderators(id);--> statement-breakpoint
CREATE INDEX `comments_by_site_status` ON `comments` (`site_id`,`status`,`id`);--> statement-breakpoint
CREATE INDEX `comments_by_duplicate_of` ON `comments` (`duplicate_of`);--> statement-breakpoint
ALTER TABLE `sites` ADD `spam_settings` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `sites` ADD `ban_action` text DEFAULT 'spam' NOT NULL;--> statement-breakpoint
ALTER TABLE `sites` ADD `staff_label` text DEFAULT 'Staff' NOT NULL;--> statement-breakpoint
ALTER TABLE `sites` ADD `auto_close_days` integer;--> statement-breakpoint
ALTER TABLE `sites` ADD `turnstile_site_key` text;--> statement-breakpoint
ALTER TABLE `sites` ADD `turnstile_secret` text;--> statement-breakpoint
ALTER TABLE `sites` ADD `akismet_key` text;