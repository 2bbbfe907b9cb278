ALTER TABLE `comments` ADD `revision` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `comments_by_thread_revision` ON `comments` (`thread_id`,`revision`);--> statement-breakpoint
UPDATE `comments` SET `revision` = `id`;--> statement-breakpoint
CREATE TRIGGER `comments_revision_on_insert` AFTER INSERT ON `comments` FOR EACH ROW
BEGIN
  UPDATE `comments` SET `revision` = (SELECT max(`revision`) FROM `comments` WHERE `thread_id` = NEW.`thread_id`) + 1
  WHERE `id` = NEW.`id`;
END;--> statement-breakpoint
CREATE TRIGGER `comments_revision_on_update`
AFTER UPDATE OF `status`, `author_name`, `author_website`, `body_html`, `pinned`, `staff_moderator_id`, `score`, `edited_at`, `deleted_at` ON `comments` FOR EACH ROW
BEGIN
  UPDATE `comments` SET `revision` = (SELECT max(`revision`) FROM `comments` WHERE `thread_id` = NEW.`thread_id`) + 1
  WHERE `id` = NEW.`id`;
END;
