// "Mark reconciled" on a statement, shared by the statements list and the reconciliation report:
// the API refuses while a line is unmatched, and the toast says why.
import { ref, type ShallowRef } from "vue";
import { ApiError } from "@/api/client";
import type { CompanyApi } from "@/api/endpoints";
import type { Statement } from "@/api/types";
import { useBank } from "@/stores/bank";
import { useToasts } from "@/stores/toasts";

/** `statements`: the list on screen, where the marked statement is replaced. */
export function useMarkReconciled(client: CompanyApi, statements: ShallowRef<Statement[]>) {
  const bank = useBank();
  const toasts = useToasts();
  const busy = ref<number | null>(null);

  /** Whether the statement was marked (false: refused, and the toast says why). */
  async function markReconciled(s: Statement): Promise<boolean> {
    busy.value = s.id;
    try {
      const updated = await client.reconcileStatement(s.id);
      statements.value = statements.value.map((x) => (x.id === s.id ? updated : x));
      toasts.push(`Statement ${s.statement_id || s.file_name} marked reconciled.`);
      await bank.refresh().catch(() => undefined);
      return true;
    } catch (e) {
      toasts.push(e instanceof ApiError ? e.message : "Could not mark the statement reconciled.", "error", 6000);
      return false;
    } finally {
      busy.value = null;
    }
  }

  return { busy, markReconciled };
}
