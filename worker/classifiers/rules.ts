import { emptyResponse } from "./empty-response";
import { outputSchemaValidation } from "./output-schema-validation";
import { toolCallErrors } from "./tool-call-errors";
import { trashing } from "./trashing";
import type { RuleClassifier } from "./types";

// The deterministic classifiers that run on every settled trace (Resource Outliers runs separately: it needs the
// project's baselines).
export const ruleClassifiers: readonly RuleClassifier[] = [toolCallErrors, outputSchemaValidation, emptyResponse, trashing];
