ALTER TABLE `sites` ADD `require_sign_in` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `threads` ADD `require_sign_in` integer DEFAULT false NOT NULL;