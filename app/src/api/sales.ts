// Sales and purchases endpoints (contacts, invoices, bills, payments, aging, statements,
// revaluation); spread into api(slug) so the screens call them like the rest.
import { http, sameOrigin, withQuery, type Query } from "./client";
import type {
  AllocateIn,
  Aging,
  Contact,
  ContactIn,
  ContactPatch,
  ContactStatement,
  CreditIn,
  Doc,
  DocIn,
  DocSummary,
  InvoicingSettings,
  Paginated,
  Payment,
  PaymentIn,
  Revaluation,
  RevaluationPreview,
} from "./types";

/** The two document collections: invoices (+ credit notes) and bills (+ vendor credits). */
export type DocPath = "invoices" | "bills";
export type AgingSide = "aged-receivables" | "aged-payables";

export function salesEndpoints(base: string) {
  const key = (idempotencyKey: string) => ({ "Idempotency-Key": idempotencyKey });
  return {
    contacts: (query: Query, cursorUrl?: string | null, signal?: AbortSignal) =>
      cursorUrl
        ? http.get<Paginated<Contact>>(sameOrigin(cursorUrl), undefined, signal)
        : http.get<Paginated<Contact>>(`${base}/contacts/`, { page_size: 200, ...query }, signal),
    contact: (id: number | string) => http.get<Contact>(`${base}/contacts/${id}/`),
    createContact: (body: ContactIn) => http.post<Contact>(`${base}/contacts/`, body),
    updateContact: (id: number, body: ContactPatch) => http.patch<Contact>(`${base}/contacts/${id}/`, body),
    contactStatement: (id: number | string, query: Query, signal?: AbortSignal) =>
      http.get<ContactStatement>(`${base}/contacts/${id}/statement/`, query, signal),
    contactStatementCsvUrl: (id: number | string, query: Query) =>
      withQuery(`${base}/contacts/${id}/statement/`, { ...query, format: "csv" }),

    documents: (path: DocPath, query: Query, cursorUrl?: string | null, signal?: AbortSignal) =>
      cursorUrl
        ? http.get<Paginated<DocSummary>>(sameOrigin(cursorUrl), undefined, signal)
        : http.get<Paginated<DocSummary>>(`${base}/${path}/`, { page_size: 50, ...query }, signal),
    document: (path: DocPath, id: number | string) => http.get<Doc>(`${base}/${path}/${id}/`),
    createDocument: (path: DocPath, body: DocIn, idempotencyKey: string) =>
      http.post<Doc>(`${base}/${path}/`, body, key(idempotencyKey)),
    updateDocument: (path: DocPath, id: number, body: DocIn) => http.put<Doc>(`${base}/${path}/${id}/`, body),
    deleteDocument: (path: DocPath, id: number) => http.delete<void>(`${base}/${path}/${id}/`),
    issueDocument: (path: DocPath, id: number, body: { exchange_rate?: string } = {}) =>
      http.post<Doc>(`${base}/${path}/${id}/issue/`, body),
    creditDocument: (path: DocPath, id: number, body: CreditIn, idempotencyKey: string) =>
      http.post<Doc>(`${base}/${path}/${id}/credit/`, body, key(idempotencyKey)),
    documentPdfUrl: (path: DocPath, id: number) => `${base}/${path}/${id}/pdf/`,

    payments: (query: Query, cursorUrl?: string | null, signal?: AbortSignal) =>
      cursorUrl
        ? http.get<Paginated<Payment>>(sameOrigin(cursorUrl), undefined, signal)
        : http.get<Paginated<Payment>>(`${base}/payments/`, { page_size: 50, ...query }, signal),
    payment: (id: number | string) => http.get<Payment>(`${base}/payments/${id}/`),
    createPayment: (body: PaymentIn, idempotencyKey: string) =>
      http.post<Payment>(`${base}/payments/`, body, key(idempotencyKey)),
    allocatePayment: (id: number, body: AllocateIn) => http.post<Payment>(`${base}/payments/${id}/allocate/`, body),

    invoicingSettings: () => http.get<InvoicingSettings>(`${base}/invoicing-settings/`),
    aging: (side: AgingSide, query: Query, signal?: AbortSignal) =>
      http.get<Aging>(`${base}/reports/${side}/`, query, signal),
    revaluations: () => http.get<Paginated<Revaluation>>(`${base}/revaluations/`, { page_size: 50 }),
    previewRevaluation: (asOf: string) => http.post<RevaluationPreview>(`${base}/revaluations/preview/`, { as_of: asOf }),
    createRevaluation: (asOf: string) => http.post<Revaluation>(`${base}/revaluations/`, { as_of: asOf }),
    /** A credit note's (or vendor credit's) open rest settles other documents of the contact. */
    allocateDocument: (path: DocPath, id: number, body: AllocateIn) => http.post<Doc>(`${base}/${path}/${id}/allocate/`, body),
    agingCsvUrl: (side: AgingSide, query: Query) => withQuery(`${base}/reports/${side}/`, { ...query, format: "csv" }),
  };
}
