// The shapes the app uses, taken from the generated OpenAPI types (schema.d.ts) so a schema
// change that breaks the app fails `npm run typecheck`. Where the schema is vaguer than the API
// (list envelopes, entry lines), the type is written here against the serializers.
import type { components } from "./schema";

type S = components["schemas"];

export type Me = S["Me"];
export type Company = S["Company"];
export type Role = S["RoleEnum"];
export type AccountType = S["AccountTypeEnum"];
export type Account = S["Account"];
/** `create_parents` has a default (false): the generated type makes it required. */
export type AccountCreate = Omit<S["AccountCreateRequest"], "create_parents"> & { create_parents?: boolean };
export type AccountUpdate = S["PatchedAccountUpdateRequest"];
export type EntryStatus = S["EntryStatusEnum"];
export type EntryIn = S["EntryInRequest"];
export type EntryUpdate = S["EntryUpdateRequest"];
export type LineIn = S["LineInRequest"];
export type Period = S["FiscalPeriod"];
export type FiscalYear = S["FiscalYear"];
export type TaxCode = S["TaxCode"];
export type ExchangeRate = S["ExchangeRate"];
/** Balance sheet and income statement: each row's `balance` is on the account's natural side. */
export type Report = S["Report"];
export type ReportRow = S["ReportRow"];
/** Trial balance: each row's `net` is debit − credit (a credit balance is negative). */
export type TrialBalance = S["TrialBalance"];
export type TrialBalanceRow = S["TrialBalanceRow"];
export type GeneralLedger = S["GeneralLedger"];
export type LedgerLine = S["LedgerLine"];
export type Monthly = S["Monthly"];
export type Member = S["Member"];

/** An account in `accounts/?tree=1`: balance is debit-positive in the base currency. */
export type AccountNode = Omit<S["AccountWithBalance"], "children"> & { children: AccountNode[] };

/** One line of an entry as the API returns it (serializers.line_out). */
export interface LineOut {
  line_no: number;
  account: string;
  debit: string | null;
  credit: string | null;
  currency: string;
  exchange_rate: string;
  base_amount: string;
  tax_code: string | null;
  description: string;
}

export type Entry = Omit<S["EntryOut"], "lines"> & { lines: LineOut[] };

export interface Paginated<T> {
  next: string | null;
  previous: string | null;
  results: T[];
}

export interface Listed<T> {
  count: number;
  results: T[];
}

export type BankAccount = S["BankAccount"];
export type Statement = S["Statement"];
export type StatementLine = S["StatementLine"];
export type LineStatus = S["StatementLineStatusEnum"];
export type Suggestion = S["Suggestion"];
export type ImportResult = S["ImportResult"];
export type BankRule = S["BankRule"];
export type BankRuleIn = S["BankRuleRequest"];
export type BankRulePatch = S["PatchedBankRuleRequest"];
export type SplitIn = S["SplitRequest"];
export type CreateEntryIn = S["CreateEntryRequest"];
export type RuleFromLineIn = S["RuleFromLineRequest"];

/** One step of auto-match (bank.services.automatch.Action). */
export interface AutoMatchAction {
  line_id: number;
  kind: "match" | "rule";
  entry_id: number | null;
  rule_id: number | null;
}
export type AutoMatch = Omit<S["AutoMatch"], "actions"> & { actions: AutoMatchAction[] };

/** reports/bank-reconciliation/ (bank.api.reports; the schema only says "object"). */
export interface BankReconciliationRow {
  kind: "unmatched_line" | "ignored_line" | "uncovered_entry";
  id: number;
  date: string;
  amount: string;
  counterparty: string;
  reference: string;
  memo: string;
}
export interface BankReconciliation {
  title: string;
  currency: string;
  meta: {
    bank_account: number;
    account: string;
    as_of: string;
    first_statement_day: string | null;
    reconciled_to: string | null;
  };
  rows: BankReconciliationRow[];
  totals: {
    statement_balance: string;
    book_balance: string;
    difference: string;
    opening_difference: string;
    unmatched: string;
    ignored: string;
    uncovered: string;
    timing: string;
    explained: string;
  };
}

export type ReportKind = "trial-balance" | "balance-sheet" | "income-statement" | "general-ledger";
export type StatementKind = "balance-sheet" | "income-statement";

// Sales and purchases (invoicing.api). "Doc" rather than "Document", which is the DOM's.
export type Contact = S["Contact"];
export type ContactIn = S["ContactInRequest"];
export type ContactPatch = S["PatchedContactInRequest"];
export type Party = S["PartyEnum"];
export type DocKind = S["KindEnum"];
export type DocStatus = S["DocumentStatusEnum"];
export type Doc = S["Document"];
export type DocSummary = S["DocumentList"];
export type DocLine = S["DocumentLine"];
export type DocIn = S["DocumentInRequest"];
export type DocLineIn = S["DocumentLineInRequest"];
export type CreditIn = S["CreditRequest"];
export type Allocation = S["Allocation"];
export type Payment = S["Payment"];
export type PaymentIn = S["PaymentInRequest"];
export type PaymentDirection = S["PaymentDirectionEnum"];
export type AllocateIn = S["AllocateRequest"];
export type Target = S["TargetRequest"];
export type InvoicingSettings = S["InvoicingSettings"];
export type Aging = S["Aging"];
export type AgingRow = S["AgingRow"];
export type AgedItem = S["AgedItem"];
export type ContactStatement = S["ContactStatement"];
export type ContactStatementLine = S["ContactStatementLine"];
export type Revaluation = S["Revaluation"];
export type RevaluationPreview = S["RevaluationPreview"];
export type Revalued = S["Revalued"];
export type DocumentSeries = S["DocumentSeries"];
export type SeriesPrefixIn = S["SeriesPrefixRequest"];
export type InvoicingSettingsPatch = S["PatchedInvoicingSettingsInRequest"];
export type DocumentSuggestion = S["DocumentSuggestion"];
export type SettleIn = S["SettleRequest"];
export type StatementLineSettled = S["StatementLineSettled"];

// Tax (tax.api). The report's meta is a free dict in the schema: its keys are written here.
export type TaxScheme = S["Scheme"];
export type TaxReturn = S["TaxReturn"];
export type TaxBox = S["TaxReturnBox"];
export type BoxLine = S["BoxLine"];
export type SettlementLine = S["SettlementLine"];
export interface TaxReturnMeta {
  scheme: string;
  scheme_name: string;
  from: string;
  to: string;
  payable_box: string;
  tax_codes: string[];
  tax_accounts: string[];
  /** Covered codes already filed, with the day they are filed through. */
  filed_through: Record<string, string>;
}
export type TaxReturnReport = Omit<S["TaxReturnReport"], "meta" | "totals"> & {
  meta: TaxReturnMeta;
  totals: { payable: string; tax_accounts_movement: string; difference: string };
};
export type BoxLines = Omit<S["BoxLinesReport"], "meta"> & {
  meta: TaxReturnMeta & { box: string; label: string; formula: string; limit: number; offset: number; next_offset: number | null };
};

// Recurring entries (recurring.api).
export type Recurring = S["RecurringEntry"];
export type RecurringIn = S["RecurringEntryRequest"];
export type RecurringPatch = S["PatchedRecurringEntryRequest"];
export type RecurringLine = S["TemplateLine"];
export type RecurringRun = S["RecurringRun"];
export type Occurrence = S["Occurrence"];
export type Frequency = S["FrequencyEnum"];
export type SchedulePreviewIn = S["SchedulePreviewInRequest"];

// Book imports (interchange/imports_api.py). The schema gives `report` and `error` as free JSON:
// their shapes are written here against ImportReport.as_dict (interchange/importing/service.py).
export type BookFormat = "beancount" | "ledger" | "gnucash";
export type BookImportStatus = S["BookImportStatusEnum"];
/** What the source could not represent, counted per kind with up to five places in the source. */
export interface ImportNote {
  kind: string;
  count: number;
  message: string;
  examples: string[];
}
/** A balance assertion of the source that pyledger's balance does not meet. */
export interface FailedAssertion {
  as_of: string;
  account: string;
  currency: string;
  expected: string;
  actual: string;
  where: string;
  difference: string;
}
/** One account and currency: the source's balance beside pyledger's (debit-positive). */
export interface ImportBalance {
  account: string;
  currency: string;
  source: string;
  pyledger: string;
  difference: string;
  base: string;
}
export interface BookImportReport {
  format: string;
  base_currency: string;
  transactions: number;
  created: number;
  skipped: number;
  left_out: number;
  accounts_created: string[];
  rates_set: number;
  notes: ImportNote[];
  assertions: { checked: number; failed: FailedAssertion[] };
  balances: ImportBalance[];
  balanced: boolean;
}
export type BookImport = Omit<S["BookImport"], "report" | "error"> & {
  report: BookImportReport | null;
  error: { code: string; message: string } | null;
};
export type Job = S["Job"];
