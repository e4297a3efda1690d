CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`digest` blob NOT NULL,
	`prefix` text NOT NULL,
	`scopes` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer,
	`last_used_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_digest` ON `api_keys` (`digest`);--> statement-breakpoint
CREATE TABLE `registration_topics` (
	`digest` blob NOT NULL,
	`topic` text NOT NULL,
	PRIMARY KEY(`digest`, `topic`)
);
--> statement-breakpoint
CREATE INDEX `registration_topics_topic_digest` ON `registration_topics` (`topic`,`digest`);--> statement-breakpoint
CREATE TABLE `registrations` (
	`digest` blob PRIMARY KEY NOT NULL,
	`sealed_token` blob NOT NULL,
	`platform` text NOT NULL,
	`app_version` text,
	`locale` text,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`expired_at` integer,
	`api_key_id` text NOT NULL
);
