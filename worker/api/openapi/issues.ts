import { z } from "@hono/zod-openapi";
import type { IssueView } from "../../issues/service";
import { epochMs, pageOf } from "./common";
import { describes } from "./exact";

export const issuesTag = { name: "Issues", description: "Named problems that annotations link to, so recurring failures add up." } as const;

export const issueSchema = describes<IssueView>()(
  z
    .object({
      id: z.string(),
      title: z.string(),
      description: z.string(),
      status: z.enum(["open", "resolved"]),
      createdAt: epochMs("Created"),
      annotationCount: z.number().int().openapi({ description: "Published and draft annotations linking to it (rejected drafts excluded)." }),
    })
    .openapi("Issue"),
);
export const issuePageSchema = pageOf(issueSchema, "IssuePage");
