CREATE TABLE `model_prices` (
	`project_id` text NOT NULL,
	`model` text NOT NULL,
	`input_per_million` real NOT NULL,
	`output_per_million` real NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`project_id`, `model`),
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `traces` ADD `root_seen` integer DEFAULT false NOT NULL;