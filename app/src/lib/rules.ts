// Bank rules on screen: a rule's conditions in words, the form's payload, and the priority changes
// that move a rule up or down the list (auto-match runs rules by priority, lower first, then id).
import type { BankRule, BankRuleIn } from "@/api/types";
import { formatDec, parseDec } from "@/lib/money";

/** The highest priority the API stores (a PostgreSQL smallint). */
export const MAX_PRIORITY = 32767;
export const DEFAULT_PRIORITY = 100;

const FIELD_WORDS: Record<NonNullable<BankRule["field"]>, string> = {
  any: "counterparty, reference or description",
  counterparty: "counterparty",
  reference: "reference",
  description: "description",
};

/** An amount bound as the API stores it ("1000.0000") with two decimals or as many as it needs
 * ("1000.00", "0.125"); grouped for display. Bounds have no currency: they are sizes of any line. */
export function boundText(value: string | null | undefined, grouped = false): string {
  const dec = parseDec(value ?? null);
  if (dec === null) return "";
  const [, fraction = ""] = (value ?? "").trim().split(".");
  const places = Math.max(2, fraction.replace(/0+$/, "").length);
  const text = formatDec(dec, places);
  return grouped ? text : text.replace(/,/g, "").replace("−", "-");
}

/** "counterparty contains “Telekom”, money out, 10.00 to 50.00". */
export function conditionText(rule: Pick<BankRule, "field" | "operator" | "pattern" | "direction" | "min_amount" | "max_amount">): string {
  const verb = rule.operator === "regex" ? "matches" : "contains";
  const parts = [`${FIELD_WORDS[rule.field ?? "any"]} ${verb} “${rule.pattern}”`];
  if (rule.direction === "in") parts.push("money in");
  if (rule.direction === "out") parts.push("money out");
  const low = rule.min_amount == null ? null : boundText(rule.min_amount, true);
  const high = rule.max_amount == null ? null : boundText(rule.max_amount, true);
  if (low !== null && high !== null) parts.push(`${low} to ${high}`);
  else if (low !== null) parts.push(`at least ${low}`);
  else if (high !== null) parts.push(`at most ${high}`);
  return parts.join(", ");
}

/** The rule form's fields, all as the inputs hold them. */
export interface RuleForm {
  name: string;
  bank_account: string; // "" = every bank account
  priority: string;
  field: NonNullable<BankRule["field"]>;
  operator: NonNullable<BankRule["operator"]>;
  pattern: string;
  direction: NonNullable<BankRule["direction"]>;
  min_amount: string;
  max_amount: string;
  counter_account: string;
  tax_code: string; // "" = none
  memo_template: string;
  is_active: boolean;
}

export function ruleForm(rule?: BankRule, priority = DEFAULT_PRIORITY): RuleForm {
  return {
    name: rule?.name ?? "",
    bank_account: rule?.bank_account ? String(rule.bank_account) : "",
    priority: String(rule?.priority ?? priority),
    field: rule?.field ?? "any",
    operator: rule?.operator ?? "contains",
    pattern: rule?.pattern ?? "",
    direction: rule?.direction ?? "any",
    min_amount: boundText(rule?.min_amount),
    max_amount: boundText(rule?.max_amount),
    counter_account: rule?.counter_account ?? "",
    tax_code: rule?.tax_code ?? "",
    memo_template: rule?.memo_template ?? "",
    is_active: rule?.is_active ?? true,
  };
}

/** The request body: blanks become null (no limit, no tax code, every bank account); a blank name
 * is left out. */
export function rulePayload(form: RuleForm): BankRuleIn {
  const blank = (v: string) => (v.trim() === "" ? null : v.trim());
  const priority = Number(form.priority);
  const name = form.name.trim();
  return {
    ...(name ? { name } : {}), // blank: the API names a new rule after its pattern
    bank_account: form.bank_account ? Number(form.bank_account) : null,
    priority: form.priority.trim() !== "" && Number.isInteger(priority) ? priority : DEFAULT_PRIORITY,
    field: form.field,
    operator: form.operator,
    pattern: form.pattern.trim(),
    direction: form.direction,
    min_amount: blank(form.min_amount),
    max_amount: blank(form.max_amount),
    counter_account: form.counter_account.trim(),
    tax_code: blank(form.tax_code),
    memo_template: form.memo_template.trim(),
    is_active: form.is_active,
  };
}

/** A priority for a new rule: after every rule there is. */
export function nextPriority(rules: Pick<BankRule, "priority">[]): number {
  const top = Math.max(DEFAULT_PRIORITY - 10, ...rules.map((r) => r.priority ?? DEFAULT_PRIORITY));
  return Math.min(MAX_PRIORITY, top + 10);
}

export interface PriorityChange {
  id: number;
  priority: number;
}

/**
 * The priority changes that move the rule at `index` one place up (-1) or down (+1) in `rules`
 * (in the API's order). One change when a priority fits between its new neighbours; otherwise
 * the rules from there on are renumbered to rise strictly, changing as few as it can.
 */
export function moveRule(rules: Pick<BankRule, "id" | "priority">[], index: number, by: -1 | 1): PriorityChange[] {
  const target = index + by;
  if (index < 0 || index >= rules.length || target < 0 || target >= rules.length) return [];
  const order = rules.map((r) => ({ id: r.id, priority: r.priority ?? DEFAULT_PRIORITY }));
  const [moved] = order.splice(index, 1);
  order.splice(target, 0, moved);
  const prev = order[target - 1];
  const next = order[target + 1];
  const low = prev ? prev.priority + 1 : 0;
  const high = next ? next.priority - 1 : MAX_PRIORITY;
  if (low <= high) {
    // Room is left around it: halfway between the neighbours, or 10 past the last or first one.
    const fit = prev && next ? Math.floor((low + high) / 2) : prev ? Math.min(prev.priority + 10, high) : Math.max(next.priority - 10, low);
    return fit === moved.priority ? [] : [{ id: moved.id, priority: fit }];
  }
  let last = -1;
  let wanted = order.map((rule) => (last = rule === moved ? last + 1 : Math.max(rule.priority, last + 1)));
  if (last > MAX_PRIORITY) {
    // No room at the top: spread the whole list out again.
    const step = Math.max(1, Math.min(10, Math.floor(MAX_PRIORITY / order.length)));
    wanted = order.map((_, i) => (i + 1) * step);
  }
  return order.flatMap((rule, i) => (wanted[i] === rule.priority ? [] : [{ id: rule.id, priority: wanted[i] }]));
}
