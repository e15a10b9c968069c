import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { csvCell } from "./export-format";

/** Reads one CSV line of fields back (RFC 4180), as a spreadsheet would. */
function readFields(line: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") fields.push(field), (field = "");
    else field += ch;
  }
  fields.push(field);
  return fields;
}

const defused = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

describe("csvCell", () => {
  it("round-trips any text through a CSV reader, formula-looking text gaining only a leading apostrophe", () => {
    const texts = fc.string({ unit: fc.constantFrom("a", " ", ",", '"', "\n", "\r", "=", "+", "-", "@", "\t", "é", "'") });
    fc.assert(
      fc.property(fc.array(texts, { minLength: 1, maxLength: 5 }), (cells) => {
        expect(readFields(cells.map(csvCell).join(","))).toEqual(cells.map(defused));
      }),
    );
  });

  it("quotes only when it must, and writes numbers, booleans and nulls plainly", () => {
    expect(csvCell("plain text")).toBe("plain text");
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell(-3.5)).toBe("-3.5");
    expect(csvCell(true)).toBe("true");
    expect(csvCell(null)).toBe("");
  });
});
