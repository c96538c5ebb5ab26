// @vitest-environment jsdom
/** Deadlines keep their original wording beside the normalised date; badges follow the language. */
import { cleanup, render, screen } from "@testing-library/react";
import { act } from "react";
import { I18nextProvider } from "react-i18next";
import { afterEach, describe, expect, it } from "vitest";
import { Deadline, dueOf, TimelinessBadge } from "../src/components/Figures.tsx";
import { setupI18n } from "../src/i18n.ts";

afterEach(cleanup);

describe("Deadline", () => {
  it("shows the original text and the normalised date", () => {
    render(<Deadline deadline={{ kind: "due", text: "2020年\n1月底前", due: "2020-01-31" } as never} />);
    expect(screen.getByText("2020年1月底前")).toBeTruthy();
    expect(screen.getByText("2020-01-31").getAttribute("datetime")).toBe("2020-01-31");
  });

  it("shows the date in force (an extension) beside the original wording", () => {
    render(<Deadline deadline={{ kind: "due", text: "9月底前", due: "2017-09-30" } as never} due="2017-12-31" />);
    expect(screen.getByText("9月底前")).toBeTruthy();
    expect(screen.getByText("2017-12-31")).toBeTruthy();
  });

  it("has no date for deadlines without one", () => {
    expect(dueOf({ kind: "ongoing", text: "持续推进" })).toBeUndefined();
    render(<Deadline deadline={{ kind: "ongoing", text: "持续推进" }} />);
    expect(screen.getByText("持续推进")).toBeTruthy();
    expect(document.querySelector("time")).toBeNull();
  });
});

describe("TimelinessBadge", () => {
  it("names the status and its RAG rating in the chosen language", async () => {
    const i18n = setupI18n("zh-CN");
    await act(() => i18n.changeLanguage("zh-CN"));
    const { container, rerender } = render(
      <I18nextProvider i18n={i18n}>
        <TimelinessBadge status="overdue" rag="red" />
      </I18nextProvider>,
    );
    expect(container.textContent).toBe("红 逾期");
    await act(() => i18n.changeLanguage("en"));
    rerender(
      <I18nextProvider i18n={i18n}>
        <TimelinessBadge status="overdue" rag="red" />
      </I18nextProvider>,
    );
    expect(container.textContent).toBe("Red Overdue");
    await act(() => i18n.changeLanguage("zh-CN"));
  });
});
