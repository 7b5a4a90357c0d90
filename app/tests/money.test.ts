import { describe, expect, it } from "vitest";
import { formatAmount, formatDec, minorUnits, mul, parseDec, round, toText } from "@/lib/money";

describe("money", () => {
  it("parses decimal text exactly", () => {
    expect(toText(parseDec("1,234.5")!, 2)).toBe("1234.50");
    expect(toText(parseDec("0.1")! + parseDec("0.2")!, 2)).toBe("0.30");
    expect(parseDec("abc")).toBeNull();
    expect(parseDec("")).toBeNull();
    expect(toText(parseDec("-.5")!, 2)).toBe("-0.50");
  });
  it("rounds half away from zero and multiplies", () => {
    expect(toText(round(parseDec("2.345")!, 2), 2)).toBe("2.35");
    expect(toText(round(parseDec("-2.345")!, 2), 2)).toBe("-2.35");
    expect(toText(mul(parseDec("100")!, parseDec("1.0825")!), 2)).toBe("108.25");
  });
  it("knows minor units and formats for display", () => {
    expect(minorUnits("USD")).toBe(2);
    expect(minorUnits("JPY")).toBe(0);
    expect(minorUnits("KWD")).toBe(3);
    expect(formatDec(parseDec("-1234567.8")!, 2)).toBe("−1,234,567.80");
    expect(formatAmount("5", "JPY")).toBe("5");
  });
});
