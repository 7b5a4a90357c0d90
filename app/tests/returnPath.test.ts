import { describe, expect, it } from "vitest";
import { apiReturnPath } from "@/lib/returnPath";

describe("apiReturnPath", () => {
  it("accepts this site's API pages", () => {
    expect(apiReturnPath("/t/acme/api/v1/accounts/?page=2")).toBe("/t/acme/api/v1/accounts/?page=2");
    expect(apiReturnPath("/api/v1/me/")).toBe("/api/v1/me/");
  });

  it("refuses other sites, app paths and odd values", () => {
    for (const value of ["//evil.example/api/", "https://evil.example/api/", "/\\evil.example", "/admin/", "/t/acme/accounts", "/api/\n", undefined, ["/api/"]]) {
      expect(apiReturnPath(value)).toBeNull();
    }
  });
});
