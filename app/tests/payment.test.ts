import { describe, expect, it } from "vitest";
import type { OpenItem } from "@/lib/allocation";
import { formatDec, parseDec } from "@/lib/money";
import { checkPayment, impliedRate, isConverted, paymentBody, realisedFx, type PaymentForm } from "@/lib/payment";

const euro = (id: number, open: string): OpenItem => ({
  key: `document:${id}`,
  type: "document",
  id,
  label: `INV-${id}`,
  date: "2026-02-01",
  due_date: "2026-03-01",
  currency: "EUR",
  open,
});

const form = (over: Partial<PaymentForm> = {}): PaymentForm => ({
  direction: "received",
  party: "customer",
  contact: 7,
  date: "2026-03-05",
  account: "1120",
  amount: " 1180.00 ",
  currency: "EUR",
  exchange_rate: "",
  reference: "",
  memo: "",
  ...over,
});

describe("a payment from an account in another currency", () => {
  it("is converted only when the account holds one currency and the documents another", () => {
    expect(isConverted("USD", "EUR")).toBe(true);
    expect(isConverted("EUR", "EUR")).toBe(false);
    expect(isConverted(null, "EUR")).toBe(false); // an account in any currency pays in the documents'
    expect(isConverted(undefined, "EUR")).toBe(false);
  });

  it("shows the bank's rate: bank amount over the amount allocated", () => {
    expect(impliedRate("1180.00", parseDec("1000.00")!)).toBe("1.18");
    expect(impliedRate("1,000", parseDec("1000")!)).toBe("1");
    expect(impliedRate("100", parseDec("3")!)).toBe("33.333333");
    expect(impliedRate("2", parseDec("3")!)).toBe("0.666667"); // half up at the sixth decimal
    expect(impliedRate("150000", parseDec("1000.00")!, 4)).toBe("150");
  });

  it("has no rate until both amounts are given and positive", () => {
    expect(impliedRate("", parseDec("1000")!)).toBeNull();
    expect(impliedRate("abc", parseDec("1000")!)).toBeNull();
    expect(impliedRate("1180", 0n)).toBeNull();
    expect(impliedRate("-5", parseDec("1000")!)).toBeNull();
  });

  it("checks the allocations alone: the payment is what they settle, nothing stays open", () => {
    const items = [euro(1, "1000.00"), euro(2, "250.00")];
    const check = checkPayment("1180.00", { "document:1": "1000.00", "document:2": "" }, items, true);
    expect(formatDec(check.allocated)).toBe("1,000.00");
    expect(check.left).toBe(0n);
    expect(check.ok).toBe(true);
    // The bank amount is in dollars: more euros allocated than dollars typed is no error.
    expect(checkPayment("5", { "document:1": "1000.00" }, items, true).ok).toBe(true);
  });

  it("refuses settling nothing and more than a document has open", () => {
    const items = [euro(1, "1000.00")];
    expect(checkPayment("1180.00", {}, items, true).ok).toBe(false);
    const over = checkPayment("1180.00", { "document:1": "1200" }, items, true);
    expect(over.problems).toEqual({ "document:1": "At most 1000.00." });
    expect(over.ok).toBe(false);
  });

  it("in one currency checks as before: no more than the payment", () => {
    const items = [euro(1, "1000.00")];
    const check = checkPayment("900", { "document:1": "1000.00" }, items, false);
    expect(formatDec(check.left)).toBe("−100.00");
    expect(check.ok).toBe(false);
  });

  it("sends the bank amount, the documents' currency and their allocations", () => {
    const targets = [{ document: 41, amount: "1000.00" }];
    expect(paymentBody(form(), targets, "USD", "USD")).toEqual({
      direction: "received", party: "customer", contact: 7, date: "2026-03-05", account: "1120",
      amount: "1180.00", currency: "EUR", allocations: targets, reference: "", memo: "",
    });
  });

  it("sends a typed rate only for money not in the base currency", () => {
    // Dollars into USD books: the euro rate typed earlier means nothing for them.
    expect(paymentBody(form({ exchange_rate: "1.2" }), [], "USD", "USD").exchange_rate).toBeUndefined();
    // Pounds for a EUR invoice in USD books: the rate is the pound's.
    expect(paymentBody(form({ exchange_rate: " 1.27 " }), [], "GBP", "USD").exchange_rate).toBe("1.27");
    // The same currency: the payment's rate, as before.
    expect(paymentBody(form({ exchange_rate: "1.1" }), [], null, "USD").exchange_rate).toBe("1.1");
    expect(paymentBody(form({ currency: "USD", exchange_rate: "1.1" }), [], "USD", "USD").exchange_rate).toBeUndefined();
  });

  it("adds up the exchange difference its allocations realised", () => {
    expect(formatDec(realisedFx([{ fx_amount: "80.0000" }, { fx_amount: "-12.5000" }, {}]))).toBe("67.50");
    expect(realisedFx([])).toBe(0n);
  });
});
