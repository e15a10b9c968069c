import { canonical, decoded, excerpt, type ToolStep, toolInteractions } from "./tool-calls";
import type { ClassifierTrace, ClassifierVerdict, Evidence, RuleClassifier } from "./types";

// Trashing: within one user turn, the agent repeats a call it already has the answer to, oscillates between calls
// that keep returning the same results, or keeps rephrasing a call that keeps returning the same result. A retry
// after an error is not a repeat (it asks for something not yet obtained), and a call whose result changes
// (polling, refinement) brings news, so neither counts.

type Pattern = "repeat" | "oscillation" | "retry_loop" | "near_duplicate";

interface Step {
  name: string;
  /** The call's identity: name and canonical arguments. */
  call: string;
  result: string;
  failed: boolean;
  at: Evidence;
  args: unknown;
}

interface Finding {
  pattern: Pattern;
  tools: string[];
  /** The calls of an oscillating cycle, as a reviewer would recognize them. */
  cycle?: string[];
  count: number;
  at: Evidence;
  /** At the threshold, or a loose match: the LLM confirms these when it is available. */
  borderline: boolean;
}

const REPEAT_THRESHOLD = 3;
const RETRY_LOOP = 4;
const RETRY_LOOP_FIRM = 6;
const SIMILAR = 0.75;

function toStep(step: ToolStep): Step {
  const result = step.result === null ? "none" : canonical(step.result.value);
  const failed = step.result?.isError === true;
  return {
    name: step.name,
    call: `${step.name}(${canonical(step.arguments)})`,
    result: failed ? `error:${result}` : result,
    failed,
    at: step.at,
    args: step.arguments,
  };
}

/** A call repeated while an earlier identical call already succeeded with the same result. */
function repeats(steps: Step[]): Finding[] {
  return [...Map.groupBy(steps, (s) => s.call).values()].flatMap((group): Finding[] => {
    const redundant = group.filter((s, i) => group.slice(0, i).some((e) => !e.failed && e.result === s.result));
    const first = redundant[0];
    const tools = [group[0]?.name ?? ""];
    if (first && redundant.length + 1 >= REPEAT_THRESHOLD) {
      return [{ pattern: "repeat", tools, count: redundant.length + 1, at: first.at, borderline: redundant.length + 1 === REPEAT_THRESHOLD }];
    }
    const failing = group.findIndex((s) => !s.failed) < 0;
    const second = group[1];
    return failing && second && group.length >= RETRY_LOOP
      ? [{ pattern: "retry_loop", tools, count: group.length, at: second.at, borderline: group.length < RETRY_LOOP_FIRM }]
      : [];
  });
}

/** A block of two to four different calls that comes back, call for call and result for result. */
function oscillations(steps: Step[]): Finding[] {
  const keys = steps.map((s) => `${s.call}→${s.result}`);
  const found: Finding[] = [];
  for (let p = 2; p <= 4; p++) {
    for (let i = 0; i + 2 * p <= keys.length; i++) {
      const block = steps.slice(i, i + p);
      if (new Set(block.map((s) => s.call)).size < 2) continue;
      let cycles = 1;
      while (keys.slice(i, i + p).every((k, j) => keys[i + cycles * p + j] === k)) cycles++;
      const at = steps[i + p]?.at;
      if (cycles >= 2 && at) {
        const cycle = block.map((s) => `${s.name} ${excerpt(s.args, 40)}`);
        const tools = [...new Set(block.map((s) => s.name))];
        found.push({ pattern: "oscillation", tools, cycle, count: cycles, at, borderline: cycles === 2 });
        i += cycles * p - 1;
      }
    }
  }
  return found;
}

/** The text of an argument value's leaves, for comparing rephrasings ("weather paris" / "paris weather"). */
function leafText(value: unknown): string {
  const inner = decoded(value);
  if (typeof inner === "object" && inner !== null) return Object.values(inner).map(leafText).join(" ");
  return String(inner).toLowerCase().replace(/\s+/g, " ").trim();
}

function bigrams(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + 1 < text.length; i++) counts.set(text.slice(i, i + 2), (counts.get(text.slice(i, i + 2)) ?? 0) + 1);
  return counts;
}

/** Sørensen–Dice similarity of character bigrams: 1 for the same text, near 1 for small rewordings. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const [x, y] = [bigrams(a), bigrams(b)];
  let shared = 0;
  for (const [gram, n] of x) shared += Math.min(n, y.get(gram) ?? 0);
  const total = Math.max(a.length - 1, 0) + Math.max(b.length - 1, 0);
  return total === 0 ? 0 : (2 * shared) / total;
}

/** Back-to-back calls of one tool, reworded slightly each time, that keep getting the same result. */
function nearDuplicates(steps: Step[]): Finding[] {
  const found: Finding[] = [];
  let start = 0;
  for (let i = 1; i <= steps.length; i++) {
    const [prev, step] = [steps[i - 1], steps[i]];
    const continues =
      prev && step && step.name === prev.name && step.call !== prev.call && step.result === prev.result &&
      similarity(leafText(step.args), leafText(prev.args)) >= SIMILAR;
    if (continues) continue;
    const run = steps.slice(start, i);
    const second = run[1];
    if (run.length >= REPEAT_THRESHOLD && second) {
      found.push({ pattern: "near_duplicate", tools: [second.name], count: run.length, at: second.at, borderline: true });
    }
    start = i;
  }
  return found;
}

const DESCRIBE: Record<Pattern, (f: Finding) => string> = {
  repeat: (f) => `The agent called "${f.tools[0]}" with the same arguments ${f.count} times and got the same result each time`,
  oscillation: (f) => `The agent cycled through the same calls (${(f.cycle ?? f.tools).join(", then ")}) ${f.count} times with the same results`,
  retry_loop: (f) => `The agent retried the failing call "${f.tools[0]}" ${f.count} times without changing it`,
  near_duplicate: (f) => `The agent called "${f.tools[0]}" ${f.count} times in a row with slightly reworded arguments and the same result`,
};

export const trashing: RuleClassifier = {
  key: "trashing",
  version: "1",
  classify(trace: ClassifierTrace): ClassifierVerdict {
    const all = toolInteractions(trace.conversation).steps;
    const turns = [...Map.groupBy(all, (s) => s.turn).values()].map((turn) => turn.map(toStep));
    const findings = turns.flatMap((steps) => [...oscillations(steps), ...repeats(steps), ...nearDuplicates(steps)]);
    // A firm finding beats a borderline one; among equals, the earliest is where a reviewer should start reading.
    const order = (f: Finding) => (f.borderline ? 1e9 : 0) + f.at.messageIndex;
    const first = findings.sort((a, b) => order(a) - order(b))[0];
    if (!first) {
      const reason = all.length === 0 ? "No tool calls in this trace." : `${all.length} tool calls, none repeated without new results.`;
      return { flagged: false, confidence: all.length < REPEAT_THRESHOLD ? 1 : 0.9, reason };
    }
    return {
      flagged: true,
      confidence: first.borderline ? 0.6 : 1,
      reason: `${DESCRIBE[first.pattern](first)}${first.borderline ? " (borderline: at the threshold or a loose match)" : ""}.`,
      evidence: first.at,
      details: { pattern: first.pattern, tools: first.tools, ...(first.cycle ? { cycle: first.cycle } : {}), count: first.count, borderline: first.borderline },
    };
  },
};
