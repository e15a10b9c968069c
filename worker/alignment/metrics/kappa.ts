import { margins } from "./confusion";
import { clampInterval, estimate, tooFew, unavailable, Z95, type Estimate } from "./estimate";

/**
 * Cohen's kappa for two raters over the same items, with the large-sample standard error of Fleiss, Cohen and
 * Everitt (1969), as given in Fleiss, Levin and Paik, Statistical Methods for Rates and Proportions (3rd ed.,
 * eq. 18.13). That variance holds under the alternative (κ ≠ 0), so it is the right one for an interval; the
 * simpler null-hypothesis variance is only for testing κ = 0.
 */
export function cohensKappa(counts: readonly (readonly number[])[]): Estimate {
  const { truth, predicted, agreed, n } = margins(counts);
  if (n < 2) return tooFew(n);
  const k = counts.length;
  const row = truth.map((t) => t / n);
  const col = predicted.map((p) => p / n);
  const observed = agreed.reduce((a, b) => a + b, 0) / n;
  const chance = row.reduce((sum, r, i) => sum + r * col[i]!, 0);
  if (chance >= 1) return unavailable(n, "both sides used a single, identical class: chance agreement is 1 and kappa is undefined");
  const kappa = (observed - chance) / (1 - chance);

  let diagonal = 0;
  let offDiagonal = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const p = counts[i]![j]! / n;
      if (p === 0) continue;
      if (i === j) diagonal += p * (1 - (row[i]! + col[i]!) * (1 - kappa)) ** 2;
      else offDiagonal += p * (col[i]! + row[j]!) ** 2;
    }
  }
  const variance = (diagonal + (1 - kappa) ** 2 * offDiagonal - (kappa - chance * (1 - kappa)) ** 2) / (n * (1 - chance) ** 2);
  // Rounding can leave a hair below zero when agreement is perfect.
  const se = Math.sqrt(Math.max(0, variance));
  return estimate(kappa, n, clampInterval(kappa - Z95 * se, kappa + Z95 * se, -1, 1, "fleiss-cohen-everitt"));
}
