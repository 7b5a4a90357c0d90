import { createPinia, setActivePinia } from "pinia";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useSession } from "@/stores/session";

const ME = {
  id: 1,
  username: "ann",
  is_staff: false,
  companies: [
    { slug: "acme", name: "Acme", role: "owner", base_currency: "USD", status: "active" },
    { slug: "foo", name: "Foo", role: "viewer", base_currency: "EUR", status: "active" },
  ],
};

function respond(status: number, body?: unknown) {
  return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

describe("session store", () => {
  let calls: { url: string; init?: RequestInit }[];
  beforeEach(() => {
    setActivePinia(createPinia());
    localStorage.clear();
    calls = [];
    document.cookie = "csrftoken=tok123; path=/";
    vi.stubGlobal("fetch", vi.fn(async (url: string, init?: RequestInit) => {
      calls.push({ url, init });
      if (url === "/api/v1/auth/session/" && init?.method === "POST") {
        const body = JSON.parse(String(init.body));
        return body.password === "right" ? respond(200, ME) : respond(400, { code: "invalid_credentials", message: "Unknown username or wrong password.", fields: {} });
      }
      if (url === "/api/v1/auth/session/" && init?.method === "DELETE") return respond(204);
      if (url === "/api/v1/auth/session/") return respond(200, { csrf_token: "tok123", user: null });
      if (url === "/api/v1/me/") return respond(403, { code: "not_authenticated", message: "no", fields: {} });
      return respond(404, {});
    }));
  });
  afterEach(() => vi.unstubAllGlobals());

  it("logs in with the CSRF header and knows the roles", async () => {
    const s = useSession();
    await s.login("ann", "right");
    const post = calls.find((c) => c.init?.method === "POST")!;
    expect((post.init!.headers as Record<string, string>)["X-CSRFToken"]).toBe("tok123");
    expect(s.companies.map((c) => c.slug)).toEqual(["acme", "foo"]);
    expect(s.enter("acme")).toBe(true);
    expect(s.isOwner).toBe(true);
    expect(s.enter("foo")).toBe(true);
    expect(s.canWrite).toBe(false);
    expect(s.can("viewer")).toBe(true);
  });

  it("refuses a company the user does not belong to", async () => {
    const s = useSession();
    await s.login("ann", "right");
    expect(s.enter("globex")).toBe(false);
    expect(s.slug).toBeNull();
  });

  it("reports a wrong password with the API's message", async () => {
    const s = useSession();
    await expect(s.login("ann", "wrong")).rejects.toMatchObject({ code: "invalid_credentials" });
    expect(s.me).toBeNull();
  });

  it("learns that nobody is signed in without a 401, and remembers the last company", async () => {
    const s = useSession();
    expect(await s.load()).toBeNull();
    expect(calls.map((c) => c.url)).not.toContain("/api/v1/me/");
    await s.login("ann", "right");
    s.enter("foo");
    expect(s.preferredCompany()).toBe("foo");
    await s.logout();
    expect(s.me).toBeNull();
  });
});
