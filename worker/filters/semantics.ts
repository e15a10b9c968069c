// Value rules the SQL compiler and the in-memory evaluator must compute identically; each is defined once here.

/**
 * Case folding for contains/startsWith. SQLite's built-in lower() (D1 has no ICU) folds only A-Z, while JS's
 * toLowerCase() folds all of Unicode ("İ" even becomes two code units), so JS folds exactly what SQLite does.
 */
export function asciiLower(value: string): string {
  return value.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}

/** `within N seconds` means at or after this instant; later instants (clock skew) count as within. */
export function withinStart(now: number, seconds: number): number {
  return now - seconds * 1000;
}

/** Boolean scores are stored as value_number 1 (pass) or 0, so `equals true` compares with 1. */
export function scoreNumber(value: number | boolean): number {
  if (typeof value === "number") return value;
  return value ? 1 : 0;
}
