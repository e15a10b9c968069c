// How each kind of score config is chosen and shown on the review screen.

/** What true and false are called: a verdict passes or fails; a classifier's question is answered yes or no. */
export type BooleanLabels = readonly [whenTrue: string, whenFalse: string];
export const passFail: BooleanLabels = ["Pass", "Fail"];
export const yesNo: BooleanLabels = ["Yes", "No"];

export interface ScoreConfigView {
  id: string;
  booleanLabels: BooleanLabels;
  name: string;
  type: "boolean" | "categorical" | "numeric";
  description: string;
  categories: string[] | null;
  minValue: number | null;
  maxValue: number | null;
}

export type ScoreInput = boolean | number | string;

export interface ScoreOption {
  /** The digit that chooses it (1-9), or null past the ninth. */
  digit: number | null;
  label: string;
  value: ScoreInput;
}

/** The choices a config offers as buttons: pass/fail, its categories, or a small integer range. */
export function scoreOptions(config: ScoreConfigView): ScoreOption[] {
  const digit = (i: number) => (i < 9 ? i + 1 : null);
  if (config.type === "boolean") {
    return [
      { digit: 1, label: config.booleanLabels[0], value: true },
      { digit: 2, label: config.booleanLabels[1], value: false },
    ];
  }
  if (config.type === "categorical") return (config.categories ?? []).map((label, i) => ({ digit: digit(i), label, value: label }));
  const { minValue: min, maxValue: max } = config;
  if (min === null || max === null || !Number.isInteger(min) || !Number.isInteger(max) || max - min > 8) return [];
  return Array.from({ length: max - min + 1 }, (_, i) => ({ digit: digit(i), label: String(min + i), value: min + i }));
}

/** A stored value as a reviewer reads it. */
export function valueText(annotation: { scoreType: string | null; valueNumber: number | null; valueLabel: string | null }, labels: BooleanLabels = passFail): string {
  if (annotation.valueLabel !== null) return annotation.valueLabel;
  if (annotation.valueNumber === null) return "no score";
  if (annotation.scoreType === "boolean") return annotation.valueNumber === 1 ? labels[0] : labels[1];
  return String(annotation.valueNumber);
}

/** The input a stored value came from, for editing it. */
export function storedInput(annotation: { scoreType: string | null; valueNumber: number | null; valueLabel: string | null }): ScoreInput | null {
  if (annotation.scoreType === "boolean") return annotation.valueNumber === null ? null : annotation.valueNumber === 1;
  if (annotation.scoreType === "categorical") return annotation.valueLabel;
  return annotation.valueNumber;
}
