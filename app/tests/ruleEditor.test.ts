import { flushPromises, mount } from "@vue/test-utils";
import { createPinia, setActivePinia } from "pinia";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "@/api/client";
import type { CompanyApi } from "@/api/endpoints";
import type { BankRule } from "@/api/types";
import RuleEditor from "@/components/bank/RuleEditor.vue";

const RULE: BankRule = {
  id: 4,
  name: "Rent",
  bank_account: null,
  priority: 100,
  field: "counterparty",
  operator: "contains",
  pattern: "Immobilien",
  direction: "out",
  min_amount: null,
  max_amount: null,
  counter_account: "6200",
  tax_code: null,
  memo_template: "",
  is_active: true,
  created_at: "2026-12-06T10:00:00Z",
};

function editor(rule: BankRule | null, client: Partial<CompanyApi>) {
  return mount(RuleEditor, { props: { rule, priority: 110, bankAccounts: [], client: client as CompanyApi }, attachTo: document.body });
}

describe("RuleEditor", () => {
  beforeEach(() => setActivePinia(createPinia()));

  it("shows the API's field errors at their fields and saves nothing", async () => {
    const updateBankRule = vi.fn(async () => {
      throw new ApiError(400, "invalid_rule", "The minimum amount is above the maximum.", { min_amount: ["Above the maximum."] });
    });
    const w = editor(RULE, { updateBankRule });
    await w.get("#re-min").setValue("900");
    await w.get("#re-max").setValue("100");
    await w.get("form").trigger("submit");
    await flushPromises();
    expect(updateBankRule).toHaveBeenCalledWith(4, expect.objectContaining({ min_amount: "900", max_amount: "100" }));
    expect(w.get("[data-testid=rule-editor-error]").text()).toBe("The minimum amount is above the maximum.");
    expect(w.get(".field-error").text()).toBe("Above the maximum.");
    expect(w.get("#re-min").attributes("aria-invalid")).toBe("true");
    expect(w.emitted("saved")).toBeUndefined();
    w.unmount();
  });

  it("creates a rule after the others, named by the API when the name is blank", async () => {
    const createBankRule = vi.fn(async () => ({ ...RULE, id: 9, name: "Telekom", priority: 110 }));
    const w = editor(null, { createBankRule });
    expect((w.get("#re-priority").element as HTMLInputElement).value).toBe("110");
    await w.get("#re-pattern").setValue("Telekom");
    await w.get("form").trigger("submit");
    await flushPromises();
    const body = (createBankRule.mock.calls[0] as unknown[])[0];
    expect(body).not.toHaveProperty("name");
    expect(body).toMatchObject({ pattern: "Telekom", priority: 110, bank_account: null });
    expect(w.emitted("saved")?.[0]).toEqual([{ ...RULE, id: 9, name: "Telekom", priority: 110 }]);
    w.unmount();
  });
});
