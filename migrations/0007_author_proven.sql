ALTER TABLE `comments` ADD `author_proven` integer DEFAULT false NOT NULL;--> statement-breakpoint
UPDATE `comments` SET `author_proven` = 1 WHERE `author_email` IS NOT NULL AND EXISTS (SELECT 1 FROM `subscribers` WHERE `subscribers`.`site_id` = `comments`.`site_id` AND `subscribers`.`email` = `comments`.`author_email` AND `subscribers`.`status` = 'confirmed');
