// Cost for traces whose exporter sent none: tokens × a per-model price (USD per million tokens). Built-in prices
// are list prices at the time of writing; each project can override or add models (model_prices table).

export interface ModelPrice {
  inputPerMillion: number;
  outputPerMillion: number;
}

export const DEFAULT_PRICES: Readonly<Record<string, ModelPrice>> = {
  "gpt-4o": { inputPerMillion: 2.5, outputPerMillion: 10 },
  "gpt-4o-mini": { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  "gpt-4.1": { inputPerMillion: 2, outputPerMillion: 8 },
  "gpt-4.1-mini": { inputPerMillion: 0.4, outputPerMillion: 1.6 },
  "gpt-4.1-nano": { inputPerMillion: 0.1, outputPerMillion: 0.4 },
  "o3-mini": { inputPerMillion: 1.1, outputPerMillion: 4.4 },
  "claude-3-5-sonnet": { inputPerMillion: 3, outputPerMillion: 15 },
  "claude-3-5-haiku": { inputPerMillion: 0.8, outputPerMillion: 4 },
  "claude-sonnet-4": { inputPerMillion: 3, outputPerMillion: 15 },
  "claude-opus-4": { inputPerMillion: 15, outputPerMillion: 75 },
  "gemini-1.5-pro": { inputPerMillion: 1.25, outputPerMillion: 5 },
  "gemini-1.5-flash": { inputPerMillion: 0.075, outputPerMillion: 0.3 },
  "gemini-2.0-flash": { inputPerMillion: 0.1, outputPerMillion: 0.4 },
  "llama-3.1-8b-instruct": { inputPerMillion: 0.28, outputPerMillion: 0.83 },
  "llama-3.3-70b-instruct": { inputPerMillion: 0.29, outputPerMillion: 2.25 },
};

/** "openai/gpt-4o-mini-2024-07-18" and "@cf/meta/llama-3.1-8b-instruct" name the same models as their bare names. */
export function normalizeModel(model: string): string {
  return (model.split("/").pop() ?? model).trim().toLowerCase();
}

/** The exact model's price, else the longest priced name it starts with (dated snapshots share their family's price). */
export function priceFor(model: string, prices: Readonly<Record<string, ModelPrice>>): ModelPrice | null {
  const name = normalizeModel(model);
  if (prices[name]) return prices[name];
  const family = Object.keys(prices)
    .filter((known) => name.startsWith(`${known}-`) || name.startsWith(`${known}@`))
    .sort((a, b) => b.length - a.length)[0];
  return family ? (prices[family] ?? null) : null;
}

export interface ModelUsage {
  model: string | null;
  inputTokens: number;
  outputTokens: number;
}

/** Null when any usage has no known price: a partial sum would understate the cost. */
export function estimateCost(usage: readonly ModelUsage[], prices: Readonly<Record<string, ModelPrice>>): number | null {
  if (usage.length === 0) return null;
  let total = 0;
  for (const { model, inputTokens, outputTokens } of usage) {
    const price = model ? priceFor(model, prices) : null;
    if (!price) return null;
    total += (inputTokens * price.inputPerMillion + outputTokens * price.outputPerMillion) / 1_000_000;
  }
  return Math.round(total * 1e8) / 1e8;
}
