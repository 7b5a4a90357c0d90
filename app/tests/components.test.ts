import { mount } from "@vue/test-utils";
import { describe, expect, it } from "vitest";
import AccountPicker from "@/components/AccountPicker.vue";
import AsyncState from "@/components/AsyncState.vue";
import { ApiError } from "@/api/client";
import type { FlatAccount } from "@/stores/company";

const accounts = [
  { code: "1000", name: "Assets", type: "asset", isGroup: true, depth: 0, path: [], is_active: true, balance: "0" },
  { code: "1120", name: "Bank current account", type: "asset", isGroup: false, depth: 1, path: ["1000"], is_active: true, balance: "0" },
  { code: "4100", name: "Sales", type: "income", isGroup: false, depth: 1, path: ["4000"], is_active: true, balance: "0" },
] as unknown as FlatAccount[];

describe("AccountPicker", () => {
  it("searches by name and picks with the keyboard", async () => {
    const w = mount(AccountPicker, { props: { modelValue: "", accounts } });
    const input = w.get("input");
    await input.trigger("focus");
    await input.setValue("sal");
    const options = w.findAll("[role=option]");
    expect(options).toHaveLength(1);
    expect(options[0].text()).toContain("Sales");
    await input.trigger("keydown", { key: "Enter" });
    expect(w.emitted("update:modelValue")?.at(-1)).toEqual(["4100"]);
  });
  it("leaves out group accounts and shows code and name when not editing", async () => {
    const w = mount(AccountPicker, { props: { modelValue: "1120", accounts } });
    expect((w.get("input").element as HTMLInputElement).value).toBe("1120 · Bank current account");
    await w.get("input").trigger("focus");
    await w.get("input").setValue("1");
    expect(w.findAll("[role=option]").map((o) => o.text())).not.toContain("Assets");
  });
});

describe("AsyncState", () => {
  it("shows loading, error with retry, empty, then content", async () => {
    const slots = { default: "<p>data</p>" };
    let w = mount(AsyncState, { props: { loading: true }, slots });
    expect(w.attributes("aria-busy")).toBe("true");
    w = mount(AsyncState, { props: { error: new ApiError(500, "server_error", "Boom") }, slots });
    expect(w.text()).toContain("Boom");
    await w.get("button").trigger("click");
    expect(w.emitted("retry")).toHaveLength(1);
    w = mount(AsyncState, { props: { empty: true, emptyText: "Nothing" }, slots });
    expect(w.text()).toContain("Nothing");
    w = mount(AsyncState, { slots });
    expect(w.text()).toBe("data");
  });
});
