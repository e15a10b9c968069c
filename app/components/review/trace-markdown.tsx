import { useMemo, type ComponentPropsWithoutRef, type KeyboardEvent } from "react";
import Markdown, { type Components, type Options } from "react-markdown";
import type { Highlight } from "../../../worker/annotations/text-ranges";
import { ANNOTATION_IDS, rehypeSourceOffsets } from "./source-offsets";

// Trace text is untrusted. It is rendered as markdown by react-markdown, which builds React elements (never
// innerHTML): raw HTML shows as the literal text it is, images are not fetched (a remote image would tell its
// owner who is reading), and links keep only absolute http(s) and mailto targets; javascript:, data: and
// anything else lose their href and stay visible as plain text.

const SAFE_URL = /^(https?:\/\/|mailto:)/i;

export function safeUrl(url: string): string {
  return SAFE_URL.test(url.trim()) ? url.trim() : "";
}

function Link({ href, children }: ComponentPropsWithoutRef<"a">) {
  if (!href) return <span className="underline decoration-dotted" title="Link removed: only http(s) and mailto links are kept">{children}</span>;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="text-indigo-700 underline">
      {children}
    </a>
  );
}

function Image({ alt, src }: ComponentPropsWithoutRef<"img">) {
  return <span className="rounded bg-slate-100 px-1 text-xs text-slate-600">[image{alt ? `: ${alt}` : ""}{src ? ` (${src})` : ""}]</span>;
}

export function TraceMarkdown(props: { source: string; highlights?: readonly Highlight[]; onHighlight?: (annotationId: string) => void }) {
  const { source, highlights, onHighlight } = props;
  const components = useMemo<Components>(
    () => ({
      a: Link,
      img: Image,
      mark: (markProps: ComponentPropsWithoutRef<"mark"> & { [ANNOTATION_IDS]?: string }) => {
        const ids = (markProps[ANNOTATION_IDS] ?? "").split(" ").filter(Boolean);
        const open = () => ids[0] && onHighlight?.(ids[0]);
        return (
          <mark
            data-annotation-ids={ids.join(" ")}
            data-testid="highlight"
            role="button"
            tabIndex={0}
            title="Show this annotation"
            onClick={open}
            onKeyDown={(event: KeyboardEvent) => event.key === "Enter" && open()}
            className={`cursor-pointer rounded-sm ${ids.length > 1 ? "bg-amber-300" : "bg-amber-200"} text-inherit hover:bg-amber-300 focus:outline focus:outline-2 focus:outline-amber-500`}
          >
            {markProps.children}
          </mark>
        );
      },
    }),
    [onHighlight],
  );
  const plugins = useMemo<NonNullable<Options["rehypePlugins"]>>(() => [[rehypeSourceOffsets, { source, highlights: highlights ?? [] }]], [source, highlights]);
  return (
    <div className="trace-markdown flex flex-col gap-2 break-words [&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_ol]:list-decimal [&_ol]:pl-5 [&_pre]:overflow-x-auto [&_pre]:rounded [&_pre]:bg-slate-100 [&_pre]:p-2 [&_ul]:list-disc [&_ul]:pl-5">
      <Markdown urlTransform={safeUrl} components={components} rehypePlugins={plugins}>
        {source}
      </Markdown>
    </div>
  );
}
