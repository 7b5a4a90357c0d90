// A small fetch wrapper for the Django API: session cookie + CSRF header, JSON in and out, and one
// error type carrying the API's {code, message, fields} shape.

export type FieldErrors = Record<string, unknown>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldErrors;

  constructor(status: number, code: string, message: string, fields: FieldErrors = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.fields = fields;
  }

  get isAuth(): boolean {
    return this.status === 401 || this.code === "not_authenticated";
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

/** Called when a request answers 401 (the session expired): the app sends the user to log in. */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

function cookie(name: string): string | null {
  if (typeof document === "undefined") return null;
  const match = document.cookie.split("; ").find((c) => c.startsWith(`${name}=`));
  return match ? decodeURIComponent(match.slice(name.length + 1)) : null;
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}${path.includes("?") ? "&" : "?"}${text}` : path;
}

/** Cursor links come back absolute; keep only path and query so the dev proxy works. */
export function sameOrigin(url: string): string {
  try {
    const u = new URL(url, "http://x");
    return u.pathname + u.search;
  } catch {
    return url;
  }
}

async function csrf(): Promise<string> {
  const fromCookie = cookie("csrftoken");
  if (fromCookie) return fromCookie;
  if (csrfToken) return csrfToken;
  const response = await fetch("/api/v1/auth/session/", { credentials: "same-origin" });
  const body = (await response.json()) as { csrf_token: string };
  csrfToken = body.csrf_token;
  return csrfToken;
}

/** Forget the cached CSRF token (Django rotates it at login and logout). */
export function resetCsrf(): void {
  csrfToken = null;
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** A multipart body (file uploads); the browser sets its Content-Type with the boundary. */
  form?: FormData;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** An error answer in the API's one shape ({code, message, fields}) as an ApiError. */
function apiError(response: Response, data: unknown): ApiError {
  const err = (data ?? {}) as { code?: string; message?: string; fields?: FieldErrors };
  return new ApiError(
    response.status,
    err.code ?? (response.status >= 500 ? "server_error" : "error"),
    err.message ?? `${response.status} ${response.statusText || "error"}`,
    err.fields ?? {},
  );
}

/** A file (a PDF): the body as a Blob, or the API's error as an ApiError (never a broken file). */
export async function fetchBlob(path: string): Promise<Blob> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: "same-origin" });
  } catch {
    throw new ApiError(0, "network_error", "The server cannot be reached. Check your connection and retry.");
  }
  if (!response.ok) {
    const data: unknown = await response.json().catch(() => undefined);
    const error = apiError(response, data);
    if (error.status === 401 && onUnauthenticated) onUnauthenticated();
    throw error;
  }
  return response.blob();
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
  if (method !== "GET" && method !== "HEAD") {
    headers["X-CSRFToken"] = await csrf();
  }
  let body: string | FormData | undefined;
  if (options.form !== undefined) {
    body = options.form;
  } else if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      body,
      credentials: "same-origin",
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiError(0, "network_error", "The server cannot be reached. Check your connection and retry.");
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!response.ok) {
    const error = apiError(response, data);
    if (error.status === 401 && onUnauthenticated) onUnauthenticated();
    throw error;
  }
  return data as T;
}

export const http = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>("GET", path, { query, signal }),
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>) =>
    request<T>("POST", path, { body, headers }),
  put: <T>(path: string, body?: unknown) => request<T>("PUT", path, { body }),
  patch: <T>(path: string, body?: unknown) => request<T>("PATCH", path, { body }),
  delete: <T>(path: string) => request<T>("DELETE", path),
  upload: <T>(path: string, form: FormData, method: "POST" | "PUT" = "POST") => request<T>(method, path, { form }),
};
