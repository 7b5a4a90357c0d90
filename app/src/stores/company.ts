// Per-company reference data the screens share: the chart of accounts with balances, tax codes
// and known exchange rates. Loaded once per company, refreshed after changes.
import { defineStore } from "pinia";
import { computed, ref, shallowRef } from "vue";
import { api } from "@/api/endpoints";
import type { AccountNode, TaxCode } from "@/api/types";

export interface FlatAccount extends Omit<AccountNode, "children"> {
  depth: number;
  isGroup: boolean;
  path: string[];
}

export function flatten(nodes: AccountNode[], depth = 0, path: string[] = []): FlatAccount[] {
  const out: FlatAccount[] = [];
  for (const node of nodes) {
    const { children, ...rest } = node;
    out.push({ ...rest, depth, isGroup: children.length > 0, path });
    out.push(...flatten(children, depth + 1, [...path, node.code]));
  }
  return out;
}

export const useCompanyData = defineStore("company", () => {
  const slug = ref<string | null>(null);
  const tree = shallowRef<AccountNode[]>([]);
  const taxCodes = shallowRef<TaxCode[]>([]);
  const rates = ref<Record<string, string>>({});
  const loading = ref(false);
  const error = ref<unknown>(null);
  let pending: Promise<void> | null = null;

  const accounts = computed(() => flatten(tree.value));
  const byCode = computed(() => new Map(accounts.value.map((a) => [a.code, a])));
  const postable = computed(() => accounts.value.filter((a) => a.is_active));
  const currencies = computed(() => {
    const set = new Set<string>(Object.keys(rates.value));
    for (const a of accounts.value) if (a.currency) set.add(a.currency);
    return [...set].sort();
  });

  async function refresh(): Promise<void> {
    if (!slug.value) return;
    const current = slug.value;
    const client = api(current);
    loading.value = true;
    error.value = null;
    try {
      const [accountsList, taxes, rateList] = await Promise.all([
        client.accountsTree(),
        client.taxCodes().catch(() => [] as TaxCode[]),
        client.exchangeRates({ page_size: 200 }).catch(() => ({ results: [], next: null, previous: null })),
      ]);
      if (slug.value !== current) return;
      tree.value = accountsList.results;
      taxCodes.value = taxes.filter((t) => t.is_active !== false);
      const latest: Record<string, string> = {};
      for (const r of rateList.results) if (!(r.currency in latest)) latest[r.currency] = r.rate;
      rates.value = latest;
    } catch (e) {
      error.value = e;
      throw e;
    } finally {
      loading.value = false;
    }
  }

  /** Load the company's data unless it is already loaded (or loading). */
  function ensure(next: string): Promise<void> {
    if (slug.value !== next) {
      slug.value = next;
      tree.value = [];
      taxCodes.value = [];
      rates.value = {};
      pending = refresh().finally(() => (pending = null));
      return pending;
    }
    if (pending) return pending;
    if (!tree.value.length && !loading.value) {
      pending = refresh().finally(() => (pending = null));
      return pending;
    }
    return Promise.resolve();
  }

  return { slug, tree, accounts, byCode, postable, taxCodes, rates, currencies, loading, error, refresh, ensure };
});
