import { Link, useSearchParams } from "@remix-run/react";

/** Keyset paging: "first page" and "next page", since cursors only go forward. Filters and columns stay in the URL. */
export function Pager({ nextCursor }: { nextCursor: string | null }) {
  const [params] = useSearchParams();
  const next = new URLSearchParams(params);
  if (nextCursor) next.set("cursor", nextCursor);
  const first = new URLSearchParams(params);
  first.delete("cursor");
  return (
    <nav className="mt-3 flex justify-end gap-3 text-sm" aria-label="Pages">
      {params.has("cursor") && <Link to={`?${first}`} className="text-indigo-700 hover:underline">First page</Link>}
      {nextCursor && <Link to={`?${next}`} className="text-indigo-700 hover:underline">Next page →</Link>}
    </nav>
  );
}
