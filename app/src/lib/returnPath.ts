// Where to go after signing in when the sign-in was asked for outside the app (the browsable
// API's "Log in" link): a path of this site's API only, so the link cannot send anyone elsewhere.
export function apiReturnPath(value: unknown): string | null {
  if (typeof value !== "string" || value.includes("\\") || /[\u0000-\u001f]/.test(value)) return null;
  const ok = /^\/(api\/|t\/[a-z0-9-]+\/api\/)/.test(value);
  return ok ? value : null;
}
