// Small helpers shared by the bank screens.
import type { BankAccount } from "@/api/types";

/** An IBAN in groups of four, as printed on statements ("DE89 3704 0044 0532 0130 00"). */
export function formatIban(iban: string | null | undefined): string {
  return (iban ?? "").replace(/\s+/g, "").replace(/(.{4})(?=.)/g, "$1 ");
}

/** How a bank account is named in headings: its name and the bank's number for it. */
export function accountNumber(account: Pick<BankAccount, "iban" | "account_number">): string {
  return account.iban ? formatIban(account.iban) : (account.account_number ?? "");
}
