import Markdown, { defaultUrlTransform } from "react-markdown";

// Markdown that can never run code: raw HTML is dropped, images are not loaded, and only http(s), mailto and
// relative links survive (react-markdown's default transform empties javascript:, data: and the like).
export function SafeMarkdown({ children, className }: { children: string; className?: string }) {
  return (
    <div className={`prose-sm flex flex-col gap-2 [&_a]:text-indigo-700 [&_a]:underline [&_code]:rounded [&_code]:bg-slate-100 [&_code]:px-1 [&_ol]:list-decimal [&_ol]:pl-5 [&_ul]:list-disc [&_ul]:pl-5 ${className ?? ""}`}>
      <Markdown
        skipHtml
        disallowedElements={["img"]}
        unwrapDisallowed
        urlTransform={(url) => defaultUrlTransform(url)}
        components={{ a: ({ href, children: text }) => <a href={href} rel="noopener noreferrer nofollow" target="_blank">{text}</a> }}
      >
        {children}
      </Markdown>
    </div>
  );
}
