// The company's bank accounts with their unmatched counts and reconciled-to dates: the sidebar
// lists them and the bank screens share them. Refreshed after anything that changes the counts.
import { defineStore } from "pinia";
import { ref, shallowRef } from "vue";
import { api } from "@/api/endpoints";
import type { BankAccount } from "@/api/types";

export const useBank = defineStore("bank", () => {
  const slug = ref<string | null>(null);
  const accounts = shallowRef<BankAccount[]>([]);
  const loaded = ref(false);
  const error = ref<unknown>(null);
  let pending: Promise<void> | null = null;

  async function refresh(): Promise<void> {
    const current = slug.value;
    if (!current) return;
    error.value = null;
    try {
      const list = await api(current).bankAccounts();
      if (slug.value !== current) return;
      accounts.value = list.results;
      loaded.value = true;
    } catch (e) {
      if (slug.value === current) error.value = e;
      throw e;
    }
  }

  /** Load the company's bank accounts unless they are loaded (or loading). */
  function ensure(next: string): Promise<void> {
    if (slug.value !== next) {
      slug.value = next;
      accounts.value = [];
      loaded.value = false;
      pending = null;
    }
    if (loaded.value) return Promise.resolve();
    pending ??= refresh().finally(() => (pending = null));
    return pending;
  }

  function byId(id: number): BankAccount | undefined {
    return accounts.value.find((a) => a.id === id);
  }

  return { slug, accounts, loaded, error, refresh, ensure, byId };
});
