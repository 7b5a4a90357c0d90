// The API's field errors ({"name": ["Required."]}) as one line of text per field.
export type Fields = Record<string, unknown>;

export function fieldText(fields: Fields, name: string): string {
  const value = fields[name];
  if (Array.isArray(value)) return value.map((v) => (typeof v === "string" ? v : JSON.stringify(v))).join(" ");
  if (value && typeof value === "object") return Object.values(value).map(String).join(" ");
  return typeof value === "string" ? value : "";
}

/** A fresh idempotency key for a create (the same key is reused while the body is unchanged). */
export function idempotencyKeys(): (body: unknown) => string {
  let last: { key: string; body: string } | null = null;
  return (body: unknown) => {
    const text = JSON.stringify(body);
    if (!last || last.body !== text) {
      const key = typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
      last = { key, body: text };
    }
    return last.key;
  };
}
