// @vitest-environment jsdom
/** The acting panel offers what the API allows, and on a refusal shows why and keeps what was typed. */
import { cleanup, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { ActPanel } from "../src/views/Act.tsx";
import { fakeFetch, renderWith } from "./render.tsx";

const actions = (allowed: string[]) => ({
  status: 200,
  body: {
    taskId: "t1",
    version: 4,
    asOf: "2026-01-01",
    items: ["report", "complete", "close", "reject", "reopen", "extend"].map((action) =>
      allowed.includes(action)
        ? { action, allowed: true, units: [] }
        : { action, allowed: false, units: [], reason: "no", code: "not-supervisor" },
    ),
  },
});

afterEach(cleanup);

describe("ActPanel", () => {
  it("asks anonymous readers to sign in and offers nothing", () => {
    renderWith(<ActPanel taskId="t1" percent={10} />);
    expect(screen.getByText(/登录后可办理/)).toBeTruthy();
    expect(screen.queryAllByRole("radio")).toHaveLength(0);
  });

  it("offers only the allowed actions", async () => {
    const api = fakeFetch({ "GET /api/tasks/t1/actions": () => actions(["report", "complete"]) });
    renderWith(<ActPanel taskId="t1" percent={10} />, { fetch: api.fetch, token: "tok" });
    await screen.findByRole("radio", { name: "报送进展" });
    expect(screen.getAllByRole("radio").map((r) => r.getAttribute("value"))).toEqual(["report", "complete"]);
  });

  it("posts a report with the version it read, shows a 409 refusal and keeps the narrative", async () => {
    const api = fakeFetch({
      "GET /api/tasks/t1/actions": () => actions(["report"]),
      "POST /api/tasks/t1/reports": () => ({
        status: 409,
        body: {
          error: {
            code: "conflict",
            message: "the task is closed (已销号)",
            details: { reason: "invalid-transition" },
          },
        },
      }),
    });
    renderWith(<ActPanel taskId="t1" percent={10} />, { fetch: api.fetch, token: "tok" });
    const user = userEvent.setup();
    const percent = await screen.findByLabelText("完成百分比");
    await user.clear(percent);
    await user.type(percent, "55");
    await user.type(screen.getByLabelText("进展说明"), "已完成方案起草");
    await user.click(screen.getByRole("button", { name: /提交/ }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("409");
    expect(alert.textContent).toContain("the task is closed");
    expect((screen.getByLabelText("进展说明") as HTMLTextAreaElement).value).toBe("已完成方案起草");
    const post = api.calls.find((c) => c.method === "POST");
    expect(post?.body).toMatchObject({ expectedVersion: 4, percent: 55, narrative: "已完成方案起草" });
  });

  it("words a refusal by the domain's rule in the interface language, statuses and actions too; without a rule keeps the API's message", async () => {
    let answer: { rule?: string; params?: Record<string, string> } = {
      rule: "not-completed",
      params: { action: "close", status: "in-progress" },
    };
    const api = fakeFetch({
      "GET /api/tasks/t1/actions": () => actions(["close"]),
      "POST /api/tasks/t1/close": () => ({
        status: 409,
        body: {
          error: {
            code: "conflict",
            message: "only a completed task can be closed; it is in-progress",
            details: { reason: "invalid-transition", ...answer },
          },
        },
      }),
    });
    renderWith(<ActPanel taskId="t1" percent={40} />, { fetch: api.fetch, token: "tok" });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("理由"), "核查");
    await user.click(screen.getByRole("button", { name: /提交/ }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toBe("未能提交（409）：只有已完成的任务可以销号，当前为“推进中”");
    answer = {};
    await user.click(screen.getByRole("button", { name: /提交/ }));
    await waitFor(() =>
      expect(screen.getByRole("alert").textContent).toBe(
        "未能提交（409）：only a completed task can be closed; it is in-progress",
      ),
    );
  });

  it("on a stale version says so and asks the API again for the current version", async () => {
    let version = 4;
    const api = fakeFetch({
      "GET /api/tasks/t1/actions": () => ({ ...actions(["close"]), body: { ...actions(["close"]).body, version } }),
      "POST /api/tasks/t1/close": () => {
        version = 5;
        return {
          status: 409,
          body: {
            error: { code: "conflict", message: "stale", details: { reason: "stale-version", currentVersion: 5 } },
          },
        };
      },
    });
    renderWith(<ActPanel taskId="t1" percent={100} />, { fetch: api.fetch, token: "tok" });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText("理由"), "核验通过");
    await user.click(screen.getByRole("button", { name: /提交/ }));
    expect((await screen.findByRole("alert")).textContent).toContain("已被他人更新");
    await waitFor(() => expect(api.calls.filter((c) => c.path.endsWith("/actions")).length).toBe(2));
    expect((screen.getByLabelText("理由") as HTMLTextAreaElement).value).toBe("核验通过");
  });
});
