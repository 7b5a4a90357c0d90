// Tax returns, invoicing settings and number series, and settling a statement line with open
// documents; spread into api(slug) like the sales endpoints.
import { http, sameOrigin, withQuery } from "./client";
import type {
  BoxLines,
  DocumentSeries,
  DocumentSuggestion,
  InvoicingSettings,
  InvoicingSettingsPatch,
  Listed,
  Paginated,
  SeriesPrefixIn,
  SettleIn,
  StatementLineSettled,
  TaxReturn,
  TaxReturnReport,
  TaxScheme,
} from "./types";

export interface ReturnQuery {
  scheme: string;
  from: string;
  to: string;
}

export function taxEndpoints(base: string) {
  const report = `${base}/reports/tax-return/`;
  return {
    taxSchemes: () => http.get<TaxScheme[]>(`${base}/tax-schemes/`),
    taxReturnReport: (query: ReturnQuery, signal?: AbortSignal) => http.get<TaxReturnReport>(report, { ...query }, signal),
    /** The lines behind a box: the report's own drill_down URL, paged with offset. */
    taxBoxLines: (drillDown: string, offset = 0, signal?: AbortSignal) =>
      http.get<BoxLines>(withQuery(sameOrigin(drillDown), { limit: 200, offset: offset || undefined }), undefined, signal),
    taxReturnCsvUrl: (query: ReturnQuery, box?: string) => withQuery(report, { ...query, box, format: "csv" }),
    taxReturns: () => http.get<Paginated<TaxReturn>>(`${base}/tax-returns/`, { page_size: 50 }),
    fileTaxReturn: (query: ReturnQuery, idempotencyKey: string) =>
      http.post<TaxReturn>(`${base}/tax-returns/`, query, { "Idempotency-Key": idempotencyKey }),

    updateInvoicingSettings: (body: InvoicingSettingsPatch) => http.patch<InvoicingSettings>(`${base}/invoicing-settings/`, body),
    /** The logo printed on sales documents: its image URL, a new file (PUT, multipart), removal. */
    invoicingLogoUrl: () => `${base}/invoicing-settings/logo/`,
    uploadInvoicingLogo: (file: File) => {
      const form = new FormData();
      form.append("file", file);
      return http.upload<InvoicingSettings>(`${base}/invoicing-settings/logo/`, form, "PUT");
    },
    deleteInvoicingLogo: () => http.delete<void>(`${base}/invoicing-settings/logo/`),
    documentSeries: () => http.get<Paginated<DocumentSeries>>(`${base}/document-series/`, { page_size: 200 }),
    setSeriesPrefix: (body: SeriesPrefixIn) => http.post<DocumentSeries>(`${base}/document-series/`, body),

    documentSuggestions: (line: number, signal?: AbortSignal) =>
      http.get<Listed<DocumentSuggestion>>(`${base}/statement-lines/${line}/document-suggestions/`, undefined, signal),
    settleLine: (line: number, body: SettleIn) => http.post<StatementLineSettled>(`${base}/statement-lines/${line}/settle/`, body),
  };
}
