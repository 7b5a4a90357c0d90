// Book imports (Beancount, hledger / ledger journals, GnuCash) and the job that runs one; spread
// into api(slug) like the sales endpoints.
import { http, sameOrigin } from "./client";
import type { BookFormat, BookImport, Job, Paginated } from "./types";

export function importEndpoints(base: string) {
  return {
    bookImports: (cursor: string | null, signal?: AbortSignal) =>
      cursor
        ? http.get<Paginated<BookImport>>(sameOrigin(cursor), undefined, signal)
        : http.get<Paginated<BookImport>>(`${base}/imports/`, { page_size: 25 }, signal),
    bookImport: (id: number | string, signal?: AbortSignal) => http.get<BookImport>(`${base}/imports/${id}/`, undefined, signal),
    /** Queue the import in a background job: the answer (202) is the import, `queued`. */
    uploadBook: (file: File, format: BookFormat) => {
      const form = new FormData();
      form.append("format", format);
      form.append("file", file);
      return http.upload<BookImport>(`${base}/imports/?background=true`, form);
    },
    job: (id: number, signal?: AbortSignal) => http.get<Job>(`${base}/jobs/${id}/`, undefined, signal),
  };
}
