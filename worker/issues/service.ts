import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { newId } from "../auth/crypto";
import { can, type Principal } from "../auth/principal";
import type { Database } from "../db/client";
import { issues } from "../db/schema";
import { ServiceError } from "../errors";
import { decodeCursor, keysetAfter, toPage, type Page } from "../pagination";
import { requireRead } from "../traces/service";
import { createIssueSchema, listIssuesQuerySchema, type CreateIssueInput, type ListIssuesQuery } from "./schemas";

// Issues: named problems that annotations point at ("refund policy hallucinated"), so recurring failures add up.

export interface IssueView {
  id: string;
  title: string;
  description: string;
  status: "open" | "resolved";
  createdAt: number;
  /** Published and draft annotations that link to the issue; rejected drafts do not count. */
  annotationCount: number;
}

// Written out by hand: drizzle leaves column names unqualified inside sql``, which a correlated subquery misreads.
const annotationCount = sql<number>`(SELECT count(*) FROM annotations a WHERE a.project_id = issues.project_id AND a.issue_id = issues.id AND a.status != 'rejected')`;

const issueColumns = {
  id: issues.id,
  title: issues.title,
  description: issues.description,
  status: issues.status,
  createdAt: issues.createdAt,
  annotationCount,
};

/** Reviewers file issues while they annotate, so creating one needs the review permission, not configure. */
export function requireReview(principal: Principal, what: string): void {
  if (!can(principal, "review")) throw new ServiceError("forbidden", `this key cannot ${what}`);
}

export function newIssueRow(projectId: string, input: { title: string; description: string }) {
  return { id: newId("iss"), projectId, title: input.title, description: input.description, status: "open" as const, createdAt: Date.now() };
}

export async function createIssue(db: Database, principal: Principal, raw: CreateIssueInput): Promise<IssueView> {
  requireReview(principal, "create issues");
  const parsed = createIssueSchema.safeParse(raw);
  if (!parsed.success) throw ServiceError.fromZod(parsed.error, "issue");
  const row = newIssueRow(principal.projectId, parsed.data);
  await db.insert(issues).values(row);
  return { ...row, annotationCount: 0 };
}

/** Newest first. */
export async function listIssues(db: Database, principal: Principal, raw: ListIssuesQuery): Promise<Page<IssueView>> {
  requireRead(principal);
  const parsed = listIssuesQuerySchema.safeParse(raw);
  if (!parsed.success) throw ServiceError.fromZod(parsed.error, "query");
  const query = parsed.data;
  const rows = await db
    .select(issueColumns)
    .from(issues)
    .where(
      and(
        eq(issues.projectId, principal.projectId),
        query.status ? eq(issues.status, query.status) : undefined,
        query.q ? sql`instr(lower(${issues.title}), lower(${query.q})) > 0` : undefined,
        keysetAfter(decodeCursor(query.cursor), issues.createdAt, issues.id, "desc"),
      ),
    )
    .orderBy(desc(issues.createdAt), desc(issues.id))
    .limit(query.limit + 1);
  return toPage(rows, query.limit, (row) => ({ at: row.createdAt, id: row.id }));
}

/** The issues among `ids` in the caller's project; another project's issue is simply absent. */
export async function issuesByIds(db: Database, projectId: string, ids: readonly string[]): Promise<IssueView[]> {
  if (ids.length === 0) return [];
  return db
    .select(issueColumns)
    .from(issues)
    .where(and(eq(issues.projectId, projectId), inArray(issues.id, [...new Set(ids)].slice(0, 90))));
}

export async function requireIssue(db: Database, projectId: string, issueId: string): Promise<void> {
  const [found] = await db.select({ id: issues.id }).from(issues).where(and(eq(issues.projectId, projectId), eq(issues.id, issueId)));
  if (!found) throw new ServiceError("not_found", `issue ${issueId} not found`);
}
