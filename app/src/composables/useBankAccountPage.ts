// What every screen of one bank account starts from: the company, the account id from the route,
// the company's API and the account as the bank store has it (for the heading).
import { computed } from "vue";
import { useRoute } from "vue-router";
import { api } from "@/api/endpoints";
import type { Statement } from "@/api/types";
import { useBank } from "@/stores/bank";

export function useBankAccountPage() {
  const route = useRoute();
  const bank = useBank();
  const slug = route.params.slug as string;
  const id = Number(route.params.id);
  const client = api(slug);
  const account = computed(() => bank.byId(id));
  /** The account's statements; the bank store is loaded alongside for the heading. */
  async function loadStatements(): Promise<Statement[]> {
    const [list] = await Promise.all([client.statements(id), bank.ensure(slug)]);
    return list.results;
  }
  return { route, bank, slug, id, client, account, loadStatements };
}
