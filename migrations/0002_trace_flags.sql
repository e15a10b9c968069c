CREATE TABLE `trace_flags` (
	`project_id` text NOT NULL,
	`trace_id` text NOT NULL,
	`classifier` text NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`project_id`, `trace_id`, `classifier`)
);
--> statement-breakpoint
CREATE INDEX `trace_flags_classifier` ON `trace_flags` (`project_id`,`classifier`);