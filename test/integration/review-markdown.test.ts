import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TraceMarkdown } from "../../app/components/review/trace-markdown";

// How the review screen renders untrusted trace text, checked on the server-rendered HTML (what the first paint is).

const render = (source: string, highlights: { id: string; start: number; end: number }[] = []) =>
  renderToStaticMarkup(createElement(TraceMarkdown, { source, highlights }));

/** The text each source span shows, keyed by where it starts in the source. */
function spans(html: string): { start: number; end: number; text: string }[] {
  return [...html.matchAll(/<span data-src-start="(\d+)" data-src-end="(\d+)">(.*?)<\/span>/g)].map((m) => ({
    start: Number(m[1]),
    end: Number(m[2]),
    text: (m[3] ?? "").replace(/<[^>]+>/g, ""),
  }));
}

describe("trace markdown", () => {
  it("shows raw HTML as text and never emits a script, an image or an event handler", () => {
    const html = render('Hi <script>alert(1)</script> <img src=x onerror="alert(2)"> ![p](https://t.example/p.png) <b onclick="x()">b</b>');
    expect(html).not.toMatch(/<(script|img|b)[\s>]/i);
    // No element carries an event handler (inside text, the markup is escaped and cannot open a tag).
    expect(html).not.toMatch(/<[^>]*\son\w+=/i);
    expect(html.replace(/<[^>]+>/g, "")).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("[image: p (https://t.example/p.png)]");
  });

  it("keeps only http(s) and mailto links, opened without handing over the page", () => {
    const html = render("[a](javascript:alert(1)) [b](data:text/html,x) [c](/logout) [d](vbscript:x) [e](https://ok.example) [f](mailto:x@y.z)");
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs).toEqual(["https://ok.example", "mailto:x@y.z"]);
    expect(html).toContain('rel="noopener noreferrer nofollow"');
  });

  it("records for every rendered text node the source characters it shows", () => {
    const source = "It ships **tomorrow**, see `code` and\n\n- item *one*";
    for (const span of spans(render(source))) {
      expect(source.slice(span.start, span.end)).toBe(span.text);
    }
    expect(spans(render(source)).map((s) => s.text)).toEqual(["It ships ", "tomorrow", ", see ", "code", " and", "item ", "one"]);
  });

  it("marks highlights inside the text they cover, across formatting", () => {
    const html = render("It ships **tomorrow**.", [{ id: "ann_1", start: 3, end: 16 }]);
    const marks = [...html.matchAll(/<mark data-annotation-ids="([^"]+)"[^>]*>([^<]*)<\/mark>/g)].map((m) => [m[1], m[2]]);
    expect(marks).toEqual([["ann_1", "ships "], ["ann_1", "tomor"]]);
    expect(html.replace(/<[^>]+>/g, "")).toBe("It ships tomorrow.");
  });
});
