// The open invoices and bills a statement line could settle (statement-lines/<id>/document-suggestions/),
// loaded per selected line and kept until something is settled.
import { ref, shallowRef } from "vue";
import type { CompanyApi } from "@/api/endpoints";
import type { DocumentSuggestion, StatementLine } from "@/api/types";

export function useDocumentSuggestions(client: CompanyApi) {
  const list = shallowRef<DocumentSuggestion[]>([]);
  const loading = ref(false);
  const cache = new Map<number, DocumentSuggestion[]>();
  let controller: AbortController | null = null;
  let wanted: number | null = null;

  async function load(line: StatementLine | null): Promise<void> {
    controller?.abort();
    list.value = [];
    wanted = line?.id ?? null;
    if (!line || line.status !== "unmatched") return;
    const cached = cache.get(line.id);
    if (cached) {
      list.value = cached;
      return;
    }
    controller = new AbortController();
    loading.value = true;
    try {
      const answer = await client.documentSuggestions(line.id, controller.signal);
      cache.set(line.id, answer.results);
      if (wanted === line.id) list.value = answer.results;
    } catch {
      // No suggestions is what the screen shows when they cannot be read; matching still works.
    } finally {
      if (wanted === line.id) loading.value = false;
    }
  }

  return { list, loading, load, clear: () => cache.clear(), abort: () => controller?.abort() };
}
