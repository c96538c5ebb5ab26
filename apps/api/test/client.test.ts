/** The typed `hc` client over the app: routes, query parameters and response bodies are typed. */
import type { Store } from "@reform/storage";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createClient } from "../src/client.ts";
import { importSeeds, memoryStore, testApp, token } from "./support/harness.ts";

let store: Store;
let client: ReturnType<typeof createClient>;

beforeAll(async () => {
  store = await memoryStore();
  await importSeeds(store, ["001_1bcf024aac55a25f.txt"]);
  const app = testApp(store);
  client = createClient("http://reform.test", {
    token: await token(store, "supervisor"),
    fetch: async (input, init) => app.request(input instanceof Request ? input : String(input), init),
  });
}, 120_000);
afterAll(async () => {
  await store?.close();
});

it("lists plans and pages tasks through the typed client", async () => {
  const plans = await client.api.plans.$get({ query: { asOf: "2020-09-30" } });
  expect(plans.status).toBe(200);
  const body = await plans.json();
  expect(body.items[0]?.plan.title).toContain("医改");
  const planId = body.items[0]!.plan.id;
  const tasks = await client.api.tasks.$get({ query: { plan: planId, kind: "task", limit: "3", asOf: "2020-09-30" } });
  const page = await tasks.json();
  expect(page.items).toHaveLength(3);
  expect(page.total).toBeGreaterThan(3);
  const summary = await client.api.plans[":planId"].summary.$get({ param: { planId }, query: {} });
  expect((await summary.json()).items).toBe(body.items[0]!.summary.items);
});
