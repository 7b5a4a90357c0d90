// Typed functions for every endpoint the app calls. Company-scoped paths live under /t/<slug>/.
import { http, resetCsrf, sameOrigin, withQuery, type Query } from "./client";
import { importEndpoints } from "./imports";
import { salesEndpoints } from "./sales";
import { taxEndpoints } from "./tax";
import type {
  Account,
  AccountCreate,
  AccountNode,
  AccountUpdate,
  AutoMatch,
  BankAccount,
  BankReconciliation,
  BankRule,
  BankRuleIn,
  BankRulePatch,
  CreateEntryIn,
  Entry,
  EntryIn,
  EntryUpdate,
  ExchangeRate,
  FiscalYear,
  GeneralLedger,
  ImportResult,
  LineStatus,
  Listed,
  Me,
  Monthly,
  Paginated,
  Occurrence,
  Period,
  Recurring,
  RecurringIn,
  RecurringPatch,
  RecurringRun,
  Report,
  ReportKind,
  RuleFromLineIn,
  SchedulePreviewIn,
  Statement,
  StatementKind,
  StatementLine,
  Suggestion,
  TaxCode,
  TrialBalance,
} from "./types";

export const companyBase = (slug: string) => `/t/${encodeURIComponent(slug)}/api/v1`;

export const auth = {
  me: () => http.get<Me>("/api/v1/me/"),
  /** The CSRF cookie and who is signed in (null: nobody); never a 401, unlike /me/. */
  session: () => http.get<{ csrf_token: string; user: Me | null }>("/api/v1/auth/session/"),
  csrf: () => http.get<{ csrf_token: string }>("/api/v1/auth/session/"),
  async login(username: string, password: string): Promise<Me> {
    const me = await http.post<Me>("/api/v1/auth/session/", { username, password });
    resetCsrf();
    return me;
  },
  async logout(): Promise<void> {
    await http.delete<void>("/api/v1/auth/session/");
    resetCsrf();
  },
};

export interface EntryFilters {
  date_from?: string;
  date_to?: string;
  status?: string;
  account?: string;
  q?: string;
  page_size?: number;
}

export interface LineFilters {
  bank_account: number;
  status?: LineStatus;
  statement?: number;
  from?: string;
  to?: string;
  page_size?: number;
}

export function api(slug: string) {
  const base = companyBase(slug);
  return {
    accountsTree: (asOf?: string) =>
      http.get<Listed<AccountNode>>(`${base}/accounts/`, { tree: 1, as_of: asOf }),
    accounts: (query?: Query) => http.get<Listed<AccountNode>>(`${base}/accounts/`, query),
    createAccount: (body: AccountCreate) => http.post<Account>(`${base}/accounts/`, body),
    updateAccount: (code: string, body: AccountUpdate) =>
      http.patch<Account>(`${base}/accounts/${encodeURIComponent(code)}/`, body),
    deactivateAccount: (code: string) =>
      http.post<Account>(`${base}/accounts/${encodeURIComponent(code)}/deactivate/`),

    entries: (filters: EntryFilters, cursorUrl?: string | null, signal?: AbortSignal) =>
      cursorUrl
        ? http.get<Paginated<Entry>>(sameOrigin(cursorUrl), undefined, signal)
        : http.get<Paginated<Entry>>(`${base}/journal-entries/`, { page_size: 50, ...filters }, signal),
    entry: (id: number | string) => http.get<Entry>(`${base}/journal-entries/${id}/`),
    createEntry: (body: EntryIn, idempotencyKey: string) =>
      http.post<Entry>(`${base}/journal-entries/`, body, { "Idempotency-Key": idempotencyKey }),
    updateEntry: (id: number, body: EntryUpdate) => http.put<Entry>(`${base}/journal-entries/${id}/`, body),
    deleteEntry: (id: number) => http.delete<void>(`${base}/journal-entries/${id}/`),
    postEntry: (id: number) => http.post<Entry>(`${base}/journal-entries/${id}/post/`),
    reverseEntry: (id: number, body: { date?: string; memo?: string }) =>
      http.post<Entry>(`${base}/journal-entries/${id}/reverse/`, body),

    periods: () => http.get<Period[]>(`${base}/periods/`),
    closePeriod: (id: number) => http.post<Period>(`${base}/periods/${id}/close/`),
    reopenPeriod: (id: number, reason: string) => http.post<Period>(`${base}/periods/${id}/reopen/`, { reason }),
    fiscalYears: () => http.get<FiscalYear[]>(`${base}/fiscal-years/`),
    taxCodes: () => http.get<TaxCode[]>(`${base}/tax-codes/`),
    exchangeRates: (query?: Query) => http.get<Paginated<ExchangeRate>>(`${base}/exchange-rates/`, query),

    trialBalance: (query: { as_of: string }, signal?: AbortSignal) =>
      http.get<TrialBalance>(`${base}/reports/trial-balance/`, query, signal),
    report: (kind: StatementKind, query: Query, signal?: AbortSignal) =>
      http.get<Report>(`${base}/reports/${kind}/`, query, signal),
    generalLedger: (query: { account: string; from: string; to: string }, signal?: AbortSignal) =>
      http.get<GeneralLedger>(`${base}/reports/general-ledger/`, query, signal),
    monthly: (query: { from: string; to: string }, signal?: AbortSignal) =>
      http.get<Monthly>(`${base}/reports/monthly/`, query, signal),
    reportCsvUrl: (kind: ReportKind, query: Query) =>
      withQuery(`${base}/reports/${kind}/`, { ...query, format: "csv" }),

    bankAccounts: () => http.get<Listed<BankAccount>>(`${base}/bank-accounts/`),
    bankAccount: (id: number) => http.get<BankAccount>(`${base}/bank-accounts/${id}/`),
    statements: (bankAccount: number) => http.get<Listed<Statement>>(`${base}/bank-accounts/${bankAccount}/statements/`),
    uploadStatement: (bankAccount: number, file: File) => {
      const form = new FormData();
      form.append("file", file, file.name);
      return http.upload<ImportResult>(`${base}/bank-accounts/${bankAccount}/statements/`, form);
    },
    autoMatch: (bankAccount: number, dryRun: boolean) =>
      http.post<AutoMatch>(withQuery(`${base}/bank-accounts/${bankAccount}/auto-match/`, { dry_run: dryRun ? 1 : undefined })),
    reconcileStatement: (id: number) => http.post<Statement>(`${base}/statements/${id}/reconcile/`),
    statementLines: (filters: LineFilters, cursorUrl?: string | null, signal?: AbortSignal) =>
      cursorUrl
        ? http.get<Paginated<StatementLine>>(sameOrigin(cursorUrl), undefined, signal)
        : http.get<Paginated<StatementLine>>(`${base}/statement-lines/`, { page_size: 200, ...filters }, signal),
    suggestions: (line: number, signal?: AbortSignal) =>
      http.get<Listed<Suggestion>>(`${base}/statement-lines/${line}/suggestions/`, undefined, signal),
    matchLine: (line: number, entries: number[], lines: number[] = []) =>
      http.post<StatementLine>(`${base}/statement-lines/${line}/match/`, { entries, lines }),
    createEntryFromLine: (line: number, body: CreateEntryIn) =>
      http.post<StatementLine>(`${base}/statement-lines/${line}/create-entry/`, body),
    unmatchLine: (line: number) => http.post<StatementLine>(`${base}/statement-lines/${line}/unmatch/`),
    ignoreLine: (line: number, reason: string) =>
      http.post<StatementLine>(`${base}/statement-lines/${line}/ignore/`, { reason }),
    ruleFromLine: (line: number, body: RuleFromLineIn) =>
      http.post<BankRule>(`${base}/statement-lines/${line}/create-rule/`, body),
    bankRules: () => http.get<BankRule[]>(`${base}/bank-rules/`),
    createBankRule: (body: BankRuleIn) => http.post<BankRule>(`${base}/bank-rules/`, body),
    updateBankRule: (id: number, body: BankRulePatch) => http.patch<BankRule>(`${base}/bank-rules/${id}/`, body),
    deleteBankRule: (id: number) => http.delete<void>(`${base}/bank-rules/${id}/`),
    bankReconciliation: (query: { bank_account: number; as_of: string }, signal?: AbortSignal) =>
      http.get<BankReconciliation>(`${base}/reports/bank-reconciliation/`, query, signal),
    bankReconciliationCsvUrl: (query: { bank_account: number; as_of: string }) =>
      withQuery(`${base}/reports/bank-reconciliation/`, { ...query, format: "csv" }),
    recurringEntries: () => http.get<Recurring[]>(`${base}/recurring-entries/`),
    recurringEntry: (id: number | string) => http.get<Recurring>(`${base}/recurring-entries/${id}/`),
    createRecurring: (body: RecurringIn) => http.post<Recurring>(`${base}/recurring-entries/`, body),
    updateRecurring: (id: number, body: RecurringPatch) => http.patch<Recurring>(`${base}/recurring-entries/${id}/`, body),
    pauseRecurring: (id: number) => http.post<Recurring>(`${base}/recurring-entries/${id}/pause/`),
    resumeRecurring: (id: number) => http.post<Recurring>(`${base}/recurring-entries/${id}/resume/`),
    runRecurring: (id: number) => http.post<RecurringRun>(`${base}/recurring-entries/${id}/run/`),
    occurrences: (id: number | string) => http.get<Occurrence[]>(`${base}/recurring-entries/${id}/occurrences/`),
    previewSchedule: (body: SchedulePreviewIn) =>
      http.post<{ dates: string[] }>(`${base}/recurring-entries/preview/`, body),
    ...salesEndpoints(base),
    ...taxEndpoints(base),
    ...importEndpoints(base),
  };
}

export type CompanyApi = ReturnType<typeof api>;
