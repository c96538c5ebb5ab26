// @vitest-environment jsdom
/**
 * The token view: offered only to callers the API lets manage tokens; issues a reporter token for
 * units chosen from the departments, shows its plain value once, and revokes tokens.
 */
import type { ApiToken } from "@reform/storage";
import { cleanup, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { expiryInstant, TokensView, unitChoices } from "../src/views/Tokens.tsx";
import { fakeFetch, renderWith } from "./render.tsx";

const PLAIN = "rl_plain_secret_value_0123456789";

const me = (permissions: string[], tokenId?: string) => () => ({
  status: 200,
  body: { role: permissions.length ? "admin" : "supervisor", units: [], seesPersonalData: true, permissions, tokenId },
});

const departments = () => ({
  status: 200,
  body: {
    asOf: "2026-12-07",
    items: [
      {
        rank: 1,
        scorecard: { key: "萍乡市:市财政局", unit: "市财政局", unitId: "萍乡市:市财政局" },
        unit: { id: "萍乡市:市财政局", name: "市财政局", region: { name: "萍乡市" }, kind: "department" },
      },
      {
        rank: 2,
        scorecard: { key: "吉林省:省财政厅", unit: "省财政厅", unitId: "吉林省:省财政厅" },
        unit: { id: "吉林省:省财政厅", name: "省财政厅", region: { name: "吉林省" }, kind: "department" },
      },
      {
        rank: 3,
        scorecard: { key: "吉林省:省卫生健康委", unit: "省卫生健康委", unitId: "吉林省:省卫生健康委" },
        unit: { id: "吉林省:省卫生健康委", name: "省卫生健康委", region: { name: "吉林省" }, kind: "department" },
      },
    ],
  },
});

const existing: ApiToken[] = [
  {
    id: "tk1",
    name: "省卫健委联络员",
    role: "reporter",
    units: ["吉林省:省卫生健康委"],
    createdAt: "2026-11-01T02:00:00.000Z",
    lastUsedAt: "2026-11-02T03:04:00.000Z",
  },
  {
    id: "tk2",
    name: "旧只读",
    role: "viewer",
    units: [],
    createdAt: "2026-10-01T00:00:00.000Z",
    revokedAt: "2026-10-05T00:00:00.000Z",
  },
  {
    id: "tk0",
    name: "办公室管理员",
    role: "admin",
    units: [],
    createdAt: "2026-08-01T00:00:00.000Z",
  },
  {
    id: "tk3",
    name: "过期督办",
    role: "supervisor",
    units: [],
    createdAt: "2026-09-01T00:00:00.000Z",
    expiresAt: "2026-09-30T15:59:59.000Z",
  },
];

afterEach(cleanup);

describe("TokensView", () => {
  it("tells a caller without the manage-tokens permission that it needs an admin, and lists nothing", async () => {
    const api = fakeFetch({ "GET /api/me": me(["import", "close"]), "GET /api/departments": departments });
    renderWith(<TokensView />, { fetch: api.fetch, token: "sup" });
    await screen.findByText("管理令牌需要管理员令牌。");
    expect(screen.queryByRole("button", { name: "创建令牌" })).toBeNull();
    expect(api.calls.some((c) => c.path === "/api/tokens")).toBe(false);
  });

  it("lists tokens with role, units, times and status (never a secret)", async () => {
    const api = fakeFetch({
      "GET /api/me": me(["manage-tokens"], "tk0"),
      "GET /api/departments": departments,
      "GET /api/tokens": () => ({ status: 200, body: { items: existing } }),
    });
    renderWith(<TokensView />, { fetch: api.fetch, token: "adm" });
    const row = (await screen.findByRole("rowheader", { name: "省卫健委联络员" })).closest("tr") as HTMLElement;
    expect(row.textContent).toContain("填报单位");
    await waitFor(() => expect(row.textContent).toContain("吉林省 省卫生健康委"));
    expect(row.textContent).toContain("2026-11-01 10:00"); // China time
    expect(row.textContent).toContain("2026-11-02 11:04");
    expect(row.textContent).toContain("长期");
    expect(within(row).getByText("有效")).toBeTruthy();
    const revoked = screen.getByRole("rowheader", { name: "旧只读" }).closest("tr") as HTMLElement;
    expect(within(revoked).getByText("已撤销")).toBeTruthy();
    expect(within(revoked).queryByRole("button")).toBeNull();
    // The token in use is marked, not offered for revoking (the API refuses a token revoking itself).
    const own = screen.getByRole("rowheader", { name: "办公室管理员" }).closest("tr") as HTMLElement;
    expect(within(own).getByText("当前使用的令牌")).toBeTruthy();
    expect(within(own).queryByRole("button")).toBeNull();
    expect(within(row).getByRole("button", { name: /撤销/ })).toBeTruthy();
    const expired = screen.getByRole("rowheader", { name: "过期督办" }).closest("tr") as HTMLElement;
    expect(within(expired).getByText("已过期")).toBeTruthy();
    expect(expired.textContent).toContain("2026-09-30 23:59");
  });

  it("issues a reporter token for a unit chosen from the departments and shows its plain value once", async () => {
    const items = [...existing];
    const api = fakeFetch({
      "GET /api/me": me(["manage-tokens"]),
      "GET /api/departments": departments,
      "GET /api/tokens": () => ({ status: 200, body: { items } }),
      "POST /api/tokens": (body) => {
        const b = body as Pick<ApiToken, "name" | "role" | "units" | "expiresAt">;
        const token: ApiToken = {
          id: "tk9",
          name: b.name,
          role: b.role,
          units: b.units,
          createdAt: "2026-12-07T03:00:00.000Z",
          expiresAt: b.expiresAt,
        };
        items.push(token);
        return { status: 201, body: { token, plainToken: PLAIN } };
      },
    });
    renderWith(<TokensView />, { fetch: api.fetch, token: "adm" });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("名称"), "市财政局填报");
    expect((screen.getByLabelText("角色") as HTMLSelectElement).value).toBe("reporter");
    await user.type(screen.getByLabelText("筛选单位"), "财政");
    // Filtered to the finance units of both regions; 省卫生健康委 is hidden.
    await screen.findByRole("checkbox", { name: "市财政局" });
    expect(screen.queryByRole("checkbox", { name: "省卫生健康委" })).toBeNull();
    await user.click(screen.getByRole("checkbox", { name: "市财政局" }));
    expect(screen.getByText(/已选 1 个：萍乡市 市财政局/)).toBeTruthy();
    await user.type(screen.getByLabelText(/有效期至/), "2027-01-31");
    await user.click(screen.getByRole("button", { name: "创建令牌" }));

    const plain = (await screen.findByLabelText("令牌明文（仅显示这一次）")) as HTMLInputElement;
    expect(plain.value).toBe(PLAIN);
    expect(plain.readOnly).toBe(true);
    const post = api.calls.find((c) => c.method === "POST");
    expect(post?.body).toEqual({
      name: "市财政局填报",
      role: "reporter",
      units: ["萍乡市:市财政局"],
      expiresAt: "2027-01-31T23:59:59+08:00",
    });
    await screen.findByRole("rowheader", { name: "市财政局填报" });

    await user.click(screen.getByRole("button", { name: "我已保存，关闭" }));
    expect(document.body.innerHTML).not.toContain(PLAIN);
    expect(screen.queryByLabelText("令牌明文（仅显示这一次）")).toBeNull();
    expect(screen.getByRole("button", { name: "创建令牌" })).toBeTruthy();
  });

  it("shows the API's refusal in the interface language with role=alert and keeps what was typed; a missing name is named", async () => {
    const api = fakeFetch({
      "GET /api/me": me(["manage-tokens"]),
      "GET /api/departments": departments,
      "GET /api/tokens": () => ({ status: 200, body: { items: [] } }),
      "POST /api/tokens": () => ({
        status: 422,
        body: {
          error: {
            code: "unprocessable",
            message: "a reporter token needs at least one unit",
            details: {
              issues: [{ path: ["units"], message: "a reporter token needs at least one unit", code: "too_small" }],
            },
          },
        },
      }),
    });
    renderWith(<TokensView />, { fetch: api.fetch, token: "adm" });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "创建令牌" }));
    expect((await screen.findByRole("alert")).textContent).toContain("请填写名称");
    expect(screen.getByLabelText("名称").getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(screen.getByLabelText("名称"));
    expect(api.calls.some((c) => c.method === "POST")).toBe(false);

    await user.type(screen.getByLabelText("名称"), "无单位");
    await user.click(screen.getByRole("button", { name: "创建令牌" }));
    const alert = await screen.findByRole("alert");
    await waitFor(() => expect(alert.textContent).toContain("422"));
    // The API's issue worded in the interface language: the field and what is wrong with it.
    expect(alert.textContent).toContain("单位：低于最低要求");
    expect(alert.textContent).not.toContain("at least one unit");
    expect((screen.getByLabelText("名称") as HTMLInputElement).value).toBe("无单位");
  });

  it("revokes a token after a confirmation", async () => {
    const items = [existing[0]!];
    const api = fakeFetch({
      "GET /api/me": me(["manage-tokens"]),
      "GET /api/departments": departments,
      "GET /api/tokens": () => ({ status: 200, body: { items } }),
      "DELETE /api/tokens/tk1": () => {
        items[0] = { ...existing[0]!, revokedAt: "2026-12-07T04:00:00.000Z" };
        return { status: 200, body: items[0] };
      },
    });
    renderWith(<TokensView />, { fetch: api.fetch, token: "adm" });
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "撤销 省卫健委联络员" }));
    expect(api.calls.some((c) => c.method === "DELETE")).toBe(false);
    await user.click(screen.getByRole("button", { name: "确认撤销“省卫健委联络员”" }));
    expect((await screen.findByRole("status")).textContent).toContain("已撤销令牌“省卫健委联络员”");
    const row = screen.getByRole("rowheader", { name: "省卫健委联络员" }).closest("tr") as HTMLElement;
    await within(row).findByText("已撤销");
    expect(api.calls.filter((c) => c.method === "DELETE").map((c) => c.path)).toEqual(["/api/tokens/tk1"]);
  });
});

describe("unitChoices and expiryInstant", () => {
  it("lists each unit once, by region then name", () => {
    const { items } = departments().body;
    // Regions and names in pinyin order (吉 ji before 萍 ping; 财 cai before 卫 wei).
    expect(unitChoices([...items, items[0]!]).map((u) => u.id)).toEqual([
      "吉林省:省财政厅",
      "吉林省:省卫生健康委",
      "萍乡市:市财政局",
    ]);
  });

  it("makes a date inclusive in China time", () => {
    expect(expiryInstant("2027-01-31")).toBe("2027-01-31T23:59:59+08:00");
  });
});
