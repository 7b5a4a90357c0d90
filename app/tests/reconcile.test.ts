import { describe, expect, it } from "vitest";
import type { Entry, StatementLine } from "@/api/types";
import {
  addSplit,
  defaultMemo,
  keyAction,
  keyTarget,
  mergeUpdated,
  movementOn,
  moveSelection,
  nextFilter,
  remaining,
  ruleSummary,
  selectAfter,
  splitProblem,
  splitsFor,
  splitsPayload,
  streamsFor,
  type KeyContext,
} from "@/lib/reconcile";
import { toText } from "@/lib/money";

const PAGE: KeyContext = { canWrite: true, dialogOpen: false, target: "page" };

function line(id: number, status: StatementLine["status"] = "unmatched", amount = "-10.00"): StatementLine {
  return { id, status, amount, currency: "EUR", counterparty_name: "", reference: "", description: "" } as StatementLine;
}

describe("keys", () => {
  it("moves with j/k and the arrows, jumps with Home/End", () => {
    expect(keyAction({ key: "j" }, PAGE)).toEqual({ kind: "move", by: 1 });
    expect(keyAction({ key: "ArrowDown" }, PAGE)).toEqual({ kind: "move", by: 1 });
    expect(keyAction({ key: "k" }, PAGE)).toEqual({ kind: "move", by: -1 });
    expect(keyAction({ key: "ArrowUp" }, PAGE)).toEqual({ kind: "move", by: -1 });
    expect(keyAction({ key: "Home" }, PAGE)).toEqual({ kind: "first" });
    expect(keyAction({ key: "End" }, PAGE)).toEqual({ kind: "last" });
  });

  it("accepts the top suggestion with Enter and picks one with 1-9", () => {
    expect(keyAction({ key: "Enter" }, PAGE)).toEqual({ kind: "accept" });
    expect(keyAction({ key: "1" }, PAGE)).toEqual({ kind: "pick", index: 0 });
    expect(keyAction({ key: "9" }, PAGE)).toEqual({ kind: "pick", index: 8 });
    expect(keyAction({ key: "0" }, PAGE)).toBeNull();
  });

  it("maps the action letters", () => {
    const kinds = ["e", "s", "i", "u", "r", "a", "/", "f", "?"].map((key) => keyAction({ key }, PAGE)?.kind);
    expect(kinds).toEqual(["create", "settle", "ignore", "unmatch", "rule", "auto", "search", "filter", "help"]);
  });

  it("gives viewers the moving keys only", () => {
    const viewer = { ...PAGE, canWrite: false };
    expect(keyAction({ key: "j" }, viewer)).toEqual({ kind: "move", by: 1 });
    expect(keyAction({ key: "?" }, viewer)).toEqual({ kind: "help" });
    for (const key of ["Enter", "1", "e", "s", "i", "u", "r", "a"]) expect(keyAction({ key }, viewer)).toBeNull();
  });

  it("stays out of the way while typing, in a dialog, and of browser shortcuts", () => {
    expect(keyAction({ key: "j" }, { ...PAGE, target: "text" })).toBeNull();
    expect(keyAction({ key: "e" }, { ...PAGE, dialogOpen: true })).toBeNull();
    expect(keyAction({ key: "r", ctrlKey: true }, PAGE)).toBeNull();
    expect(keyAction({ key: "a", metaKey: true }, PAGE)).toBeNull();
    expect(keyAction({ key: "1", altKey: true }, PAGE)).toBeNull();
  });

  it("leaves Enter and Space to a focused button, but not the letters", () => {
    const control = { ...PAGE, target: "control" as const };
    expect(keyAction({ key: "Enter" }, control)).toBeNull();
    expect(keyAction({ key: " " }, control)).toBeNull();
    expect(keyAction({ key: "j" }, control)).toEqual({ kind: "move", by: 1 });
  });

  it("tells text fields from controls", () => {
    const make = (html: string) => {
      const div = document.createElement("div");
      div.innerHTML = html;
      return div.firstElementChild!;
    };
    expect(keyTarget(make("<input type='text'>"))).toBe("text");
    expect(keyTarget(make("<textarea></textarea>"))).toBe("text");
    expect(keyTarget(make("<select></select>"))).toBe("text");
    expect(keyTarget(make("<input type='checkbox'>"))).toBe("control");
    expect(keyTarget(make("<button>Go</button>"))).toBe("control");
    expect(keyTarget(make("<div role='listbox' tabindex='0'></div>"))).toBe("page");
    expect(keyTarget(null)).toBe("page");
  });
});

describe("selection", () => {
  it("moves within the list and clamps at its ends", () => {
    expect(moveSelection([1, 2, 3], 2, 1)).toBe(3);
    expect(moveSelection([1, 2, 3], 3, 1)).toBe(3);
    expect(moveSelection([1, 2, 3], 1, -1)).toBe(1);
    expect(moveSelection([1, 2, 3], 1, 10)).toBe(3);
    expect(moveSelection([1, 2, 3], null, 1)).toBe(1);
    expect(moveSelection([1, 2, 3], 99, 1)).toBe(1);
    expect(moveSelection([], null, 1)).toBeNull();
  });

  it("goes on to the next unmatched line once one is settled", () => {
    const before = [line(1), line(2, "matched"), line(3), line(4), line(5)];
    // Showing all: the settled line stays, the selection skips the matched one after it.
    let after = mergeUpdated(before, [line(1, "matched")], "all");
    expect(after.map((l) => l.status)).toEqual(["matched", "matched", "unmatched", "unmatched", "unmatched"]);
    expect(selectAfter(before, after, 1)).toBe(3);
    // Showing the unmatched only: the settled line leaves the list.
    const open = [line(1), line(3), line(4)];
    after = mergeUpdated(open, [line(4, "ignored")], "unmatched");
    expect(after.map((l) => l.id)).toEqual([1, 3]);
    expect(selectAfter(open, after, 4)).toBe(3);
    // The last unmatched line settled: the selection stays on it when it is still listed.
    after = mergeUpdated([line(7)], [line(7, "matched")], "all");
    expect(selectAfter([line(7)], after, 7)).toBe(7);
    expect(selectAfter([line(7)], mergeUpdated([line(7)], [line(7, "matched")], "unmatched"), 7)).toBeNull();
  });

  it("loads unmatched lines first when showing all, and cycles the filter", () => {
    expect(streamsFor("all")).toEqual(["unmatched", "matched", "ignored"]);
    expect(streamsFor("ignored")).toEqual(["ignored"]);
    expect(nextFilter("unmatched")).toBe("all");
    expect(nextFilter("ignored")).toBe("unmatched");
  });
});

describe("booking an entry from a line", () => {
  const fee = { ...line(1, "unmatched", "-119.00"), counterparty_name: "Telekom", reference: "KD-4711" };

  it("starts with one split for the whole amount, without its sign", () => {
    const splits = splitsFor(fee, "6300", "VAT19");
    expect(splits).toHaveLength(1);
    expect(splits[0]).toMatchObject({ account: "6300", amount: "119.00", tax_code: "VAT19" });
    expect(splitProblem(fee, splits)).toBeNull();
  });

  it("splits: a new split takes what is left, and the total must match the line", () => {
    let splits = splitsFor(fee, "6300");
    splits[0].amount = "100";
    expect(toText(remaining(fee, splits), 2)).toBe("19.00");
    splits = addSplit(fee, splits);
    expect(splits[1].amount).toBe("19.00");
    expect(splitProblem(fee, splits)).toBe("Choose the account of split 2.");
    splits[1].account = "6500";
    expect(splitProblem(fee, splits)).toBeNull();
    splits[1].amount = "20";
    expect(splitProblem(fee, splits)).toMatch(/^1\.00 EUR too much/);
    splits[1].amount = "-19";
    expect(splitProblem(fee, splits)).toBe("Split 2 needs a positive amount.");
  });

  it("sends amounts as decimal text and no tax code as null", () => {
    const splits = splitsFor(fee, " 6300 ");
    splits[0].amount = "119";
    expect(splitsPayload(fee, splits, " Phone ")).toEqual({
      memo: "Phone",
      lines: [{ account: "6300", amount: "119.00", tax_code: null, description: "" }],
    });
  });

  it("names the memo and the rule after the counterparty", () => {
    expect(defaultMemo(fee)).toBe("Telekom KD-4711");
    expect(ruleSummary(fee)).toBe("Lines whose counterparty contains “Telekom”, money out");
    expect(ruleSummary({ amount: "5.00", counterparty_name: " ", reference: "RF18 5390" })).toBe(
      "Lines whose reference contains “RF18 5390”, money in",
    );
    expect(ruleSummary({ amount: "5.00", counterparty_name: "", reference: "" })).toBeNull();
  });
});

describe("the books", () => {
  it("adds an entry's movement on the bank account in its currency", () => {
    const entry = {
      lines: [
        { account: "1140", currency: "EUR", debit: "100.00", credit: null },
        { account: "1140", currency: "EUR", debit: null, credit: "30.00" },
        { account: "1140", currency: "USD", debit: "5.00", credit: null },
        { account: "4100", currency: "EUR", debit: null, credit: "70.00" },
      ],
    } as unknown as Entry;
    expect(toText(movementOn(entry, "1140", "EUR"), 2)).toBe("70.00");
  });
});
