// Shapes of text that carry no answer: nothing, whitespace, one character over and over, symbols without a word,
// or a short unit repeated until it fills the answer (or loops on at its end). Pure text rules, no context.

export type DegeneracyKind = "empty" | "whitespace" | "repeated_character" | "no_words" | "repetition";

export interface Degeneracy {
  kind: DegeneracyKind;
  /** The repeated unit, when there is one. */
  unit?: string;
  repeats?: number;
}

const WORDISH = /[\p{L}\p{N}\p{Extended_Pictographic}]/u;
const LETTER = /\p{L}/u;
const DIGITS = /^\p{N}+$/u;

/** The shortest unit the whole text is made of, repeated at least `min` times (a partial last unit allowed). */
function period(chars: string[], maxUnit: number, min: number): { unit: string; repeats: number } | null {
  for (let p = 1; p <= Math.min(maxUnit, Math.floor(chars.length / min)); p++) {
    if (chars.every((c, i) => i < p || c === chars[i - p])) return { unit: chars.slice(0, p).join(""), repeats: Math.floor(chars.length / p) };
  }
  return null;
}

interface Run {
  unit: string[];
  repeats: number;
  covered: number;
}

/** The back-to-back repetition of some unit of 1..maxUnit items (words or lines) that covers the most items. */
function longestRun(items: readonly string[], maxUnit: number): Run | null {
  let best: Run | null = null;
  for (let u = 1; u <= maxUnit; u++) {
    // A run is a stretch of positions k where items[k] === items[k + u]: the unit starting there repeats.
    let start = 0;
    for (let k = 0; k <= items.length - u; k++) {
      if (k + u < items.length && items[k] === items[k + u]) continue;
      const covered = k - start + u;
      if (k > start && (!best || covered > best.covered)) {
        best = { unit: items.slice(start, start + u), repeats: Math.floor(covered / u), covered };
      }
      start = k + 1;
    }
  }
  return best;
}

/** A run that fills at least half of the items, or loops on long enough to be a loop whatever came before. */
function degenerateRun(items: string[], maxUnit: number): Run | null {
  const run = longestRun(items, maxUnit);
  if (!run || !run.unit.some((w) => LETTER.test(w))) return null;
  const fills = run.repeats >= 4 && run.covered >= items.length / 2;
  const loops = run.repeats >= 8 && run.covered >= 16;
  return fills || loops ? run : null;
}

function wordRepetition(text: string): Degeneracy | null {
  const lower = text.toLowerCase();
  const words = degenerateRun(lower.split(/\s+/).filter((w) => w !== ""), 16);
  if (words) return { kind: "repetition", unit: words.unit.join(" "), repeats: words.repeats };
  const lines = degenerateRun(lower.split("\n").map((l) => l.trim()).filter((l) => l !== ""), 4);
  return lines ? { kind: "repetition", unit: lines.unit.join(" / "), repeats: lines.repeats } : null;
}

/** How `text` is degenerate, or null when it could be an answer. */
export function degeneracy(text: string): Degeneracy | null {
  if (text === "") return { kind: "empty" };
  if (text.trim() === "") return { kind: "whitespace" };
  const chars = [...text.toLowerCase().replace(/\s+/g, "")];
  const first = chars[0] ?? "";
  if (chars.length >= 2 && chars.every((c) => c === first) && (!WORDISH.test(first) || (chars.length >= 5 && !DIGITS.test(first)))) {
    return { kind: "repeated_character", unit: first, repeats: chars.length };
  }
  if (!chars.some((c) => WORDISH.test(c))) return { kind: "no_words" };
  // Words first, so the unit reads as written ("i'm sorry."); then units glued together ("hahaha").
  const words = wordRepetition(text);
  if (words) return words;
  const cycle = period(chars, 24, 4);
  return cycle && cycle.unit.length > 1 && !DIGITS.test(cycle.unit) ? { kind: "repetition", ...cycle } : null;
}
