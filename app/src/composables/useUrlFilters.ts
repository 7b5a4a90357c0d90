// A list's filters kept in the URL: a change waits for typing to pause, then replaces the query
// and reloads. Leaving the screen drops a pending change, so it cannot reach the next screen.
import { onBeforeUnmount, watch } from "vue";
import { onBeforeRouteLeave, useRouter } from "vue-router";

export function useUrlFilters(filters: Record<string, string | boolean>, reload: () => unknown, ms = 250): void {
  const router = useRouter();
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
  onBeforeUnmount(stop);
  onBeforeRouteLeave(stop);
}
