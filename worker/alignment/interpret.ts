import type { Estimate } from "./metrics/estimate";

// Plain-language readings of the numbers, for the page's "can I trust this evaluation?" answer. The bands are the
// published conventions, and the verdict leans on the interval's lower bound, not the point, so a lucky small
// sample does not read as trustworthy.

export type Trust = "trustworthy" | "use-with-care" | "not-trustworthy" | "not-enough-data";

/** Landis & Koch (1977), Biometrics 33:159–174. */
export function kappaBand(kappa: number): string {
  if (kappa < 0) return "worse than chance";
  if (kappa <= 0.2) return "slight";
  if (kappa <= 0.4) return "fair";
  if (kappa <= 0.6) return "moderate";
  if (kappa <= 0.8) return "substantial";
  return "almost perfect";
}

/** Krippendorff (2004), Content Analysis 2nd ed., §11.4: α ≥ .800 reliable, ≥ .667 for tentative conclusions only. */
export function alphaBand(alpha: number): "reliable" | "tentative" | "unreliable" {
  if (alpha >= 0.8) return "reliable";
  if (alpha >= 0.667) return "tentative";
  return "unreliable";
}

/** Fewer compared traces than this and intervals are too wide to say anything either way. */
export const MIN_PAIRS = 10;

export interface TrustReading {
  trust: Trust;
  /** One sentence for the page. */
  summary: string;
}

/**
 * Judges an evaluation by chance-corrected agreement (kappa for labels, Spearman's rho for numbers): trustworthy
 * when even the interval's lower bound is strong (≥ 0.6), not trustworthy when even its point estimate is weak (< 0.4).
 */
export function readTrust(statistic: Estimate, name: "kappa" | "rho", pairs: number): TrustReading {
  if (pairs < MIN_PAIRS || statistic.value === null) {
    const why = statistic.value === null && pairs >= MIN_PAIRS ? ` (${statistic.reason})` : "";
    return { trust: "not-enough-data", summary: `Not enough evidence yet: ${pairs} trace${pairs === 1 ? "" : "s"} compared${why}; annotate at least ${MIN_PAIRS}.` };
  }
  const symbol = name === "kappa" ? "κ" : "ρ";
  const low = statistic.ci?.low ?? -Infinity;
  const shown = `${symbol} = ${statistic.value.toFixed(2)}${statistic.ci ? `, 95% CI ${statistic.ci.low.toFixed(2)}–${statistic.ci.high.toFixed(2)}` : ""}`;
  const label = name === "kappa" ? `${kappaBand(statistic.value)} agreement with the reviewers` : "rank agreement with the reviewers";
  if (low >= 0.6) return { trust: "trustworthy", summary: `Yes: ${label} (${shown}) over ${pairs} traces.` };
  if (statistic.value < 0.4) return { trust: "not-trustworthy", summary: `No: ${label} (${shown}) over ${pairs} traces.` };
  return { trust: "use-with-care", summary: `With care: ${label} (${shown}) over ${pairs} traces; the interval still reaches below 0.6.` };
}
