// What a payment can settle for a contact, in its currency: the usual direction (received from a
// customer, paid to a vendor) settles open invoices or bills; the other one (a refund) settles open
// credit notes or vendor credits and the contact's unallocated payments.
import type { CompanyApi } from "@/api/endpoints";
import type { PaymentDirection } from "@/api/types";
import { docItem, oldestFirst, paymentItem, type OpenItem } from "@/lib/allocation";
import type { SideSpec } from "@/lib/documents";
import { parseDec, ZERO } from "@/lib/money";

export async function loadOpenItems(
  client: CompanyApi,
  spec: SideSpec,
  contact: number,
  direction: PaymentDirection,
  currency: string,
): Promise<OpenItem[]> {
  const usual = direction === spec.direction;
  const query = { contact, status: "issued,partly_paid", kind: usual ? spec.kind : spec.creditKind, page_size: 500 };
  const [docs, payments] = await Promise.all([
    client.documents(spec.path, query),
    usual ? Promise.resolve(null) : client.payments({ contact, party: spec.party, open: true, page_size: 500 }),
  ]);
  const items = [
    ...docs.results.map(docItem),
    ...(payments?.results ?? []).filter((p) => p.direction === spec.direction).map(paymentItem),
  ];
  return oldestFirst(items.filter((i) => i.currency === currency && (parseDec(i.open) ?? ZERO) > ZERO));
}
