import { SELF } from "cloudflare:test";
import { expect, it } from "vitest";

it("serves the login page", async () => {
  const res = await SELF.fetch("http://localhost/login");
  expect(res.status).toBe(200);
  expect(await res.text()).toContain("Log in");
});
