import { describe, expect, it } from "vitest";
import { addMonths, asOfDate, chinaDate, dayNumber, endOfMonth, fromDayNumber, isValidIsoDate } from "../src/index.ts";

describe("Dates", () => {
  it("round-trips day numbers across eras and leap days", () => {
    for (const d of ["1970-01-01", "2000-02-29", "2019-12-31", "2020-02-29", "2100-03-01", "1969-12-31"]) {
      expect(fromDayNumber(dayNumber(d))).toBe(d);
    }
    expect(dayNumber("1970-01-02")).toBe(1);
    expect(dayNumber("2020-03-01") - dayNumber("2020-02-28")).toBe(2);
    expect(dayNumber("2019-03-01") - dayNumber("2019-02-28")).toBe(1);
  });

  it("knows month ends and leap years", () => {
    expect(endOfMonth(2020, 2)).toBe("2020-02-29");
    expect(endOfMonth(2019, 2)).toBe("2019-02-28");
    expect(endOfMonth(2100, 2)).toBe("2100-02-28");
    expect(endOfMonth(2000, 2)).toBe("2000-02-29");
    expect(endOfMonth(2020, 11)).toBe("2020-11-30");
    expect(isValidIsoDate("2019-02-29")).toBe(false);
    expect(isValidIsoDate("2020-02-29")).toBe(true);
    expect(addMonths("2020-01-31", 1)).toBe("2020-02-29");
  });

  it("takes the calendar day in China time", () => {
    // 2020-01-31 16:00 UTC is already 2020-02-01 in Beijing.
    expect(chinaDate("2020-01-31T15:59:59Z")).toBe("2020-01-31");
    expect(chinaDate("2020-01-31T16:00:00Z")).toBe("2020-02-01");
    expect(chinaDate("2020-02-01T00:00:00+08:00")).toBe("2020-02-01");
    expect(asOfDate("2020-06-30")).toBe("2020-06-30");
    expect(() => asOfDate("2020-02-30")).toThrow(RangeError);
  });
});
