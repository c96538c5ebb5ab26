/** The day-number calendar shared by the state fold and timeliness (Calendar.ts). */
import { describe, expect, it } from "vitest";
import {
  dayString,
  monthOfDay,
  monthStartDay,
  recurringDueDay,
  recurringPeriodOf,
  yearOfDay,
} from "../src/Calendar.ts";
import { dayNumber, fromDayNumber } from "../src/Dates.ts";

describe("day numbers", () => {
  it("dayString agrees with fromDayNumber inside and outside its cache", () => {
    for (const date of ["1899-12-31", "1900-01-01", "1970-01-01", "2020-02-29", "2228-12-31", "2300-06-15"]) {
      const day = dayNumber(date);
      expect(dayString(day)).toBe(date);
      expect(dayString(day)).toBe(fromDayNumber(day));
    }
  });

  it("reads the year and month of a day", () => {
    expect(yearOfDay(dayNumber("2019-12-31"))).toBe(2019);
    expect(yearOfDay(dayNumber("2020-01-01"))).toBe(2020);
    expect(monthOfDay(dayNumber("2020-02-29"))).toBe(2);
    expect(monthOfDay(dayNumber("2020-12-01"))).toBe(12);
  });

  it("monthStartDay is the first of the month, in and out of its table", () => {
    expect(monthStartDay(2020, 3)).toBe(dayNumber("2020-03-01"));
    expect(monthStartDay(1900, 1)).toBe(dayNumber("1900-01-01"));
    expect(monthStartDay(1850, 7)).toBe(dayNumber("1850-07-01"));
    expect(monthStartDay(2400, 2)).toBe(dayNumber("2400-02-01"));
  });
});

describe("recurring deadlines", () => {
  const feb = { kind: "recurring", text: "每年2月底前", frequency: "yearly", month: 2 } as const;
  const day31 = { kind: "recurring", text: "每年2月31日前", frequency: "yearly", month: 2, day: 31 } as const;

  it("is due on the month's last day, or the given day clamped to the month", () => {
    expect(dayString(recurringDueDay(feb, 2020))).toBe("2020-02-29");
    expect(dayString(recurringDueDay(feb, 2021))).toBe("2021-02-28");
    expect(dayString(recurringDueDay(day31, 2021))).toBe("2021-02-28");
  });

  it("a day belongs to the first occurrence due on or after it", () => {
    expect(recurringPeriodOf(feb, dayNumber("2021-01-15"))).toBe("2021");
    expect(recurringPeriodOf(feb, dayNumber("2021-02-28"))).toBe("2021");
    expect(recurringPeriodOf(feb, dayNumber("2021-03-01"))).toBe("2022");
    expect(recurringPeriodOf(feb, dayNumber("2021-12-31"))).toBe("2022");
  });
});
