// What a company's screen starts from: the route, the company's slug and API, and the query's
// text values; a Sales or Purchases screen also has its side's spec.
import { computed } from "vue";
import { useRoute, useRouter } from "vue-router";
import { api } from "@/api/endpoints";
import { SIDES, type Side } from "@/lib/documents";

export function useCompanyPage() {
  const route = useRoute();
  const router = useRouter();
  const slug = route.params.slug as string;
  const client = api(slug);
  /** A query parameter's text (a repeated or missing one: the fallback). */
  const query = (name: string, fallback = ""): string => (typeof route.query[name] === "string" ? (route.query[name] as string) : fallback);
  return { route, router, slug, client, query };
}

export function useSidePage(props: { side: Side }) {
  return { ...useCompanyPage(), spec: computed(() => SIDES[props.side]) };
}
