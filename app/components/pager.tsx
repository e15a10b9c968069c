import { Link, useSearchParams } from "@remix-run/react";

/** Keyset paging: "first page" and "next page", since cursors only go forward. */
export function Pager({ nextCursor }: { nextCursor: string | null }) {
  const [params] = useSearchParams();
  const next = new URLSearchParams(params);
  if (nextCursor) next.set("cursor", nextCursor);
  return (
    <div className="mt-3 flex justify-end gap-3 text-sm">
      {params.has("cursor") && <Link to="?" className="text-indigo-700 hover:underline">First page</Link>}
      {nextCursor && <Link to={`?${next}`} className="text-indigo-700 hover:underline">Next page →</Link>}
    </div>
  );
}
