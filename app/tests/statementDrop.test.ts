import { flushPromises, mount } from "@vue/test-utils";
import { describe, expect, it, vi } from "vitest";
import { ApiError } from "@/api/client";
import StatementDrop from "@/components/bank/StatementDrop.vue";
import { accountNumber, formatIban } from "@/lib/bank";

const file = new File(["<Document/>"], "jan.xml", { type: "application/xml" });

function drop(files: File[]) {
  return { dataTransfer: { files, types: ["Files"] } };
}

describe("StatementDrop", () => {
  it("uploads a dropped file and shows lines read, imported and duplicates", async () => {
    const upload = vi.fn(async () => ({ statements: [], lines: 9, added: 7, duplicates: 2 }));
    const w = mount(StatementDrop, { props: { upload } });
    const zone = w.get("[data-testid=statement-drop]");
    await zone.trigger("dragenter", drop([file]));
    expect(zone.classes()).toContain("over");
    await zone.trigger("drop", drop([file]));
    await flushPromises();
    expect(upload).toHaveBeenCalledWith(file);
    expect(zone.classes()).not.toContain("over");
    expect(w.get("[data-testid=import-result]").text()).toBe("jan.xml: 9 lines read, 7 imported, 2 duplicates skipped.");
    expect(w.emitted("imported")).toHaveLength(1);
  });

  it("shows the server's reason when the file is refused", async () => {
    const upload = vi.fn(async () => {
      throw new ApiError(400, "statement_unbalanced", "Opening balance plus the lines misses the closing balance by 0.01.");
    });
    const w = mount(StatementDrop, { props: { upload } });
    await w.get("[data-testid=statement-drop]").trigger("drop", drop([file]));
    await flushPromises();
    expect(w.get("[role=alert]").text()).toContain("jan.xml was not imported: Opening balance plus the lines misses");
    expect(w.find("[data-testid=import-result]").exists()).toBe(false);
    expect(w.emitted("imported")).toBeUndefined();
  });

  it("ignores a drag of something that is not a file", async () => {
    const w = mount(StatementDrop, { props: { upload: vi.fn() } });
    const zone = w.get("[data-testid=statement-drop]");
    await zone.trigger("dragenter", { dataTransfer: { files: [], types: ["text/plain"] } });
    expect(zone.classes()).not.toContain("over");
  });
});

describe("bank account numbers", () => {
  it("prints an IBAN in groups of four, else the account number", () => {
    expect(formatIban("DE89370400440532013000")).toBe("DE89 3704 0044 0532 0130 00");
    expect(accountNumber({ iban: "", account_number: "4520018831" })).toBe("4520018831");
  });
});
