// A payment from a bank account in another currency than the documents it settles (a EUR invoice
// paid from a USD account): the API takes `amount` in the account's currency and the allocations in
// the documents'; the payment is what they settle, so nothing of it stays open. Here: when that is
// the case, the rate the bank gave, what the form checks and what it sends.
import type { Allocation, PaymentIn, Target } from "@/api/types";
import { checkAllocation, type AllocationCheck, type OpenItem } from "./allocation";
import { parseDec, ZERO, type Dec } from "./money";

/** A payment changes currency when its bank account holds one currency and the documents another. */
export function isConverted(accountCurrency: string | null | undefined, currency: string): boolean {
  return !!accountCurrency && accountCurrency !== currency;
}

/**
 * What the bank gave per unit of the documents' currency (bank amount / allocated amount), up to
 * `places` decimals without trailing zeros: "1.18" for 1,180.00 USD taken for 1,000.00 EUR.
 * Null while either is missing or not positive.
 */
export function impliedRate(bankAmount: string, allocated: Dec, places = 6): string | null {
  const bank = parseDec(bankAmount);
  if (bank === null || bank <= ZERO || allocated <= ZERO) return null;
  const step = 10n ** BigInt(places);
  const q = (bank * step * 2n + allocated) / (allocated * 2n); // half up, both positive
  const int = q / step;
  const frac = (q % step).toString().padStart(places, "0").replace(/0+$/, "");
  return frac ? `${int}.${frac}` : `${int}`;
}

/**
 * The form's check before the API is asked. The same currency: the allocations' check (no more
 * than the payment or an item has open). Converted: the payment is what is allocated, so nothing
 * is left over, and it must settle something.
 */
export function checkPayment(amount: string, allocations: Record<string, string>, items: OpenItem[], converted: boolean): AllocationCheck {
  if (!converted) return checkAllocation(amount, allocations, items);
  const check = checkAllocation("", allocations, items);
  const problems = check.problems;
  return { allocated: check.allocated, left: ZERO, problems, ok: Object.keys(problems).length === 0 && check.allocated > ZERO };
}

export interface PaymentForm {
  direction: PaymentIn["direction"];
  party: PaymentIn["party"];
  contact: number;
  date: string;
  account: string;
  /** In the account's currency when converted, else in `currency`. */
  amount: string;
  /** The documents' (and so the payment's) currency. */
  currency: string;
  exchange_rate: string;
  reference: string;
  memo: string;
}

/**
 * The API's body. Converted or not, `amount` goes as typed and `currency` is the documents'; a
 * typed rate goes only when the money's currency (the account's when converted) is not the base
 * currency, since it is that currency's rate.
 */
export function paymentBody(form: PaymentForm, targets: Target[], accountCurrency: string | null, baseCurrency: string): PaymentIn {
  const body: PaymentIn = {
    direction: form.direction,
    party: form.party,
    contact: form.contact,
    date: form.date,
    account: form.account,
    amount: form.amount.trim(),
    currency: form.currency,
    allocations: targets,
    reference: form.reference,
    memo: form.memo,
  };
  const moneyCurrency = isConverted(accountCurrency, form.currency) ? accountCurrency! : form.currency;
  const rate = form.exchange_rate.trim();
  if (rate && moneyCurrency !== baseCurrency) body.exchange_rate = rate;
  return body;
}

/** The exchange difference a payment's allocations realised, in the base currency (positive: a gain). */
export function realisedFx(allocations: Pick<Allocation, "fx_amount">[]): Dec {
  let total = ZERO;
  for (const a of allocations) total += parseDec(a.fx_amount ?? null) ?? ZERO;
  return total;
}
