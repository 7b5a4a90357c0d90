// A dialog's one action: busy while it runs, the API's message (or `fallback`) when it is refused.
import { ref } from "vue";
import { ApiError } from "@/api/client";

export function useSubmit(fallback: string) {
  const busy = ref(false);
  const error = ref("");
  async function run(call: () => Promise<void>): Promise<void> {
    busy.value = true;
    error.value = "";
    try {
      await call();
    } catch (e) {
      error.value = e instanceof ApiError ? e.message : fallback;
    } finally {
      busy.value = false;
    }
  }
  return { busy, error, run };
}
