import { DurableObject } from "cloudflare:workers";

/** One per project: quantile sketches of resource use per metric and model (filled in by the baselines work). */
export class ProjectBaselines extends DurableObject<Env> {}
