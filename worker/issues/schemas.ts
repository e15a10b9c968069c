import { z } from "zod";
import { pageQuerySchema } from "../pagination";

export const issueStatuses = ["open", "resolved"] as const;

export const createIssueSchema = z.object({
  title: z.string().trim().min(1, "give the issue a title").max(200),
  description: z.string().max(20_000).default(""),
});
export type CreateIssueInput = z.input<typeof createIssueSchema>;

export const listIssuesQuerySchema = pageQuerySchema.extend({
  status: z.enum(issueStatuses).optional(),
  // Narrows by title, for pickers; matched case-insensitively anywhere in the title.
  q: z.string().trim().max(200).optional(),
});
export type ListIssuesQuery = z.input<typeof listIssuesQuerySchema>;
