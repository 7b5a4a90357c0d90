// A list read page by page from a cursor-paginated endpoint: load() starts over (aborting a
// request still running), more() appends the next page.
import { ref, shallowRef, type Ref, type ShallowRef } from "vue";
import type { Paginated } from "@/api/types";

export interface CursorList<T> {
  items: ShallowRef<T[]>;
  next: Ref<string | null>;
  loading: Ref<boolean>;
  loadingMore: Ref<boolean>;
  error: Ref<unknown>;
  load: () => Promise<void>;
  more: () => Promise<void>;
}

export function useCursorList<T>(page: (cursor: string | null, signal?: AbortSignal) => Promise<Paginated<T>>): CursorList<T> {
  const items = shallowRef<T[]>([]);
  const next = ref<string | null>(null);
  const loading = ref(false);
  const loadingMore = ref(false);
  const error = ref<unknown>(null);
  let controller: AbortController | null = null;

  async function load(): Promise<void> {
    controller?.abort();
    const mine = (controller = new AbortController());
    loading.value = true;
    error.value = null;
    try {
      const got = await page(null, mine.signal);
      items.value = got.results;
      next.value = got.next;
    } catch (e) {
      if ((e as Error).name !== "AbortError") error.value = e;
    } finally {
      if (controller === mine) loading.value = false;
    }
  }

  async function more(): Promise<void> {
    if (!next.value || loadingMore.value || loading.value) return;
    loadingMore.value = true;
    try {
      const got = await page(next.value);
      items.value = [...items.value, ...got.results];
      next.value = got.next;
    } catch (e) {
      error.value = e;
    } finally {
      loadingMore.value = false;
    }
  }

  return { items, next, loading, loadingMore, error, load, more };
}
