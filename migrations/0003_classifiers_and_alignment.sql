CREATE TABLE `classifier_configs` (
	`project_id` text NOT NULL,
	`classifier` text NOT NULL,
	`config` text NOT NULL,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`project_id`, `classifier`),
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `classifier_settings` (
	`project_id` text PRIMARY KEY NOT NULL,
	`llm_sampling_percent` real DEFAULT 10 NOT NULL,
	`daily_budget_usd` real DEFAULT 1 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `llm_usage` (
	`project_id` text NOT NULL,
	`day` text NOT NULL,
	`calls` integer DEFAULT 0 NOT NULL,
	`cost_usd` real DEFAULT 0 NOT NULL,
	PRIMARY KEY(`project_id`, `day`)
);
--> statement-breakpoint
ALTER TABLE `annotation_queues` ADD `show_machine_scores` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `annotation_queues_system` ON `annotation_queues` (`project_id`,`system_key`);--> statement-breakpoint
ALTER TABLE `scores` ADD `flagged` integer;--> statement-breakpoint
ALTER TABLE `scores` ADD `confidence` real;--> statement-breakpoint
ALTER TABLE `scores` ADD `evidence` text;--> statement-breakpoint
ALTER TABLE `scores` ADD `provider` text;--> statement-breakpoint
ALTER TABLE `scores` ADD `version` text;--> statement-breakpoint
ALTER TABLE `scores` ADD `updated_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `scores_trace_evaluation` ON `scores` (`project_id`,`trace_id`,`evaluation`,`source`);