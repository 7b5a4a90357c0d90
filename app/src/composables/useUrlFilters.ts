// A list's filters kept in the URL: a change waits for typing to pause, then replaces the query
// and reloads. Leaving the screen drops a pending change, so it cannot reach the next screen.
// The URL leads when it changes from outside (the menu's link, back and forward): the view is
// reused for the new query, so the filters follow it instead of keeping what the URL dropped.
import { onBeforeUnmount, watch } from "vue";
import { onBeforeRouteLeave, useRoute, useRouter } from "vue-router";

type Filters = Record<string, string | boolean>;

export function useUrlFilters(filters: Filters, reload: () => unknown, ms = 250): void {
  const router = useRouter();
  const route = useRoute();
  const screen = route.name;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => clearTimeout(timer);
  watch(
    () => ({ ...filters }),
    (value) => {
      stop();
      timer = setTimeout(() => {
        const query: Record<string, string> = {};
        for (const [k, v] of Object.entries(value)) if (v) query[k] = String(v);
        void router.replace({ query });
        void reload();
      }, ms);
    },
  );
  watch(
    () => route.query,
    (query) => {
      if (route.name !== screen) return;
      for (const [k, current] of Object.entries(filters)) {
        const raw = typeof query[k] === "string" ? (query[k] as string) : "";
        const wanted = typeof current === "boolean" ? raw === "true" : raw;
        if (current !== wanted) filters[k] = wanted;
      }
    },
  );
  onBeforeUnmount(stop);
  onBeforeRouteLeave(stop);
}
