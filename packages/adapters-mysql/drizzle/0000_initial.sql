CREATE TABLE `api_keys` (
	`id` varchar(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	`name` varchar(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	`digest` binary(32) NOT NULL,
	`prefix` varchar(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	`scopes` varchar(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`revoked_at` datetime(3),
	`last_used_at` datetime(3),
	CONSTRAINT `api_keys_id` PRIMARY KEY(`id`),
	CONSTRAINT `api_keys_digest_idx` UNIQUE(`digest`)
);
--> statement-breakpoint
CREATE TABLE `registration_topics` (
	`digest` binary(32) NOT NULL,
	`topic` varchar(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	CONSTRAINT `registration_topics_pk` PRIMARY KEY(`digest`,`topic`)
);
--> statement-breakpoint
CREATE TABLE `registrations` (
	`digest` binary(32) NOT NULL,
	`sealed_token` varbinary(4400) NOT NULL,
	`platform` enum('ios','android','web') NOT NULL,
	`app_version` varchar(32) CHARACTER SET ascii COLLATE ascii_bin,
	`locale` varchar(35) CHARACTER SET ascii COLLATE ascii_bin,
	`status` enum('active','expired') NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	`expired_at` datetime(3),
	`api_key_id` varchar(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
	CONSTRAINT `registrations_digest` PRIMARY KEY(`digest`)
);
--> statement-breakpoint
CREATE INDEX `registration_topics_topic_digest_idx` ON `registration_topics` (`topic`,`digest`);