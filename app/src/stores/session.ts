// Who is signed in, which companies they may enter with which role, and the current company.
import { defineStore } from "pinia";
import { computed, ref } from "vue";
import { ApiError } from "@/api/client";
import { auth } from "@/api/endpoints";
import type { Company, Me, Role } from "@/api/types";

const LAST_COMPANY = "pyledger.lastCompany";
const RANK: Record<Role, number> = { viewer: 1, accountant: 2, owner: 3 };

export const useSession = defineStore("session", () => {
  const me = ref<Me | null>(null);
  const loaded = ref(false);
  const slug = ref<string | null>(null);

  const companies = computed<Company[]>(() => me.value?.companies ?? []);
  const company = computed<Company | null>(() => companies.value.find((c) => c.slug === slug.value) ?? null);
  const role = computed<Role | null>(() => company.value?.role ?? null);
  const baseCurrency = computed(() => company.value?.base_currency ?? "USD");

  /** Whether the current role reaches `needed` (viewer < accountant < owner). */
  function can(needed: Role): boolean {
    return role.value !== null && RANK[role.value] >= RANK[needed];
  }
  const canWrite = computed(() => can("accountant"));
  const isOwner = computed(() => can("owner"));

  async function load(force = false): Promise<Me | null> {
    if (loaded.value && !force) return me.value;
    try {
      me.value = (await auth.session()).user;
    } catch (error) {
      // A stale token or a refused session: treated as signed out.
      if (!(error instanceof ApiError) || !(error.status === 401 || error.status === 403)) {
        throw error;
      }
      me.value = null;
    }
    loaded.value = true;
    return me.value;
  }

  async function login(username: string, password: string): Promise<Me> {
    await auth.csrf();
    me.value = await auth.login(username, password);
    loaded.value = true;
    return me.value;
  }

  async function logout(): Promise<void> {
    try {
      await auth.logout();
    } finally {
      me.value = null;
      slug.value = null;
      loaded.value = true;
    }
  }

  /** Enter a company the user belongs to; false for anyone else's. */
  function enter(next: string): boolean {
    if (!companies.value.some((c) => c.slug === next)) return false;
    slug.value = next;
    try {
      localStorage.setItem(LAST_COMPANY, next);
    } catch {
      /* private mode */
    }
    return true;
  }

  /** The company to open after login: the last one used, or the only one. */
  function preferredCompany(): string | null {
    let last: string | null = null;
    try {
      last = localStorage.getItem(LAST_COMPANY);
    } catch {
      last = null;
    }
    if (last && companies.value.some((c) => c.slug === last)) return last;
    return companies.value.length === 1 ? companies.value[0].slug : null;
  }

  function expire(): void {
    me.value = null;
    loaded.value = true;
  }

  return {
    me,
    loaded,
    slug,
    companies,
    company,
    role,
    baseCurrency,
    canWrite,
    isOwner,
    can,
    load,
    login,
    logout,
    enter,
    preferredCompany,
    expire,
  };
});
