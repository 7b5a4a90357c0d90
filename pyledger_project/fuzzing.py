"""Hostile requests generated from the API's own OpenAPI schema, for the fuzz test and
`python -m benchmarks.fuzz`.

Every operation drf-spectacular describes gets, deterministically (one seeded random.Random):
hostile values in each path parameter, query parameter and JSON body field (one at a time, the
rest of the body valid where the schema and a few known examples allow), whole bodies of the
wrong type or nested too deep, hostile statement files, and hostile values in every header the
product reads. Each is sent as a company owner and anonymously, through the whole middleware
chain in this process. What must hold: no answer is a 5xx, and no refused write changes the
company's trial balance.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from django.http import JsonResponse
from django.test import Client
from drf_spectacular.generators import SchemaGenerator

from pyledger_project.input_guard import content_type_refusal

SAMPLES = Path(__file__).resolve().parent.parent / "bank" / "formats" / "samples"

# Text no field should choke on, whatever it refuses.
HOSTILE_TEXT: tuple[str, ...] = (
    "\x00",
    "a\x00b",
    "\x01\x02\x1b[31m\x7f",
    "\ud800",  # a lone surrogate (JSON "\\ud800"; bytes %ED%A0%80 in a URL)
    "x" * 5000,
    "1e1000000",
    "1E-999999999",
    "-1e999999",
    "NaN",
    "-Infinity",
    "١٠",  # Arabic-Indic digits  # noqa: RUF001
    "１０",  # fullwidth digits  # noqa: RUF001
    "1_000",
    "+10.00",
    "9" * 40,
    "-0",
    "0",
    "-1",
    "2026-W01",
    "20260302",
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    "' OR '1'='1' --",
    "../../../etc/passwd",
    "%00%ff%fe",
    "{0.__class__}{{7*7}}",
    "(a+)+$",
    "\u202e\u200bΩ≈ç√",
    "",
    " ",
)
# Regular expressions that fail to compile in odd ways, or take exponential time.
HOSTILE_REGEX: tuple[str, ...] = (
    "a{4294967296}",
    "(" * 90 + "x" + ")" * 90,
    "[",
    "(?P<a>x)(?P=b)",
    "(a+)+$",
    "(x+x+)+y",
    "^(a|aa)+$",
    "\\",
)
# Values of other JSON types, for body fields and whole bodies.
HOSTILE_JSON: tuple[Any, ...] = (
    None,
    True,
    10**30,
    -(10**30),
    1e308,
    0.1,
    [],
    {},
    ["x"] * 1000,
    {"a": {"b": {"c": "d"}}},
)

# Headers the product reads, with values that have broken parsers elsewhere.
HEADERS: dict[str, tuple[str, ...]] = {
    "HTTP_X_TENANT": ("a\x00", "acme\x00", "x" * 5000, "ACME", "foo", "../acme", "acme acme"),
    "HTTP_AUTHORIZATION": (
        "Token ab\x00cd",
        "Token " + "0" * 63 + "\x00",
        "Token " + "x" * 5000,
        "Token",
        "Token a b",
        "Basic Zm9vOmJhcg==",
        "Bearer \x01",
        "Token \xff\xfe",
    ),
    "HTTP_IDEMPOTENCY_KEY": ("k\x00", "k" * 201, "k" * 5000, " ", "\x7f", "\u202e"),
    "HTTP_ACCEPT": (
        "text/csv",
        "text/html",
        "*/*;q=abc",
        "application/json; version=\x00",
        "application/" + "x" * 5000,
        "image/png",
        ",,,;;;",
    ),
    "HTTP_X_FORWARDED_FOR": (
        "\x00",
        "1.1.1.1, " * 500,
        "999.999.999.999",
        "::::",
        "<script>",
        "unknown, 10.0.0.1",
    ),
    "HTTP_COOKIE": (
        "sessionid=ab\x00cd",
        "sessionid=" + "x" * 5000,
        "csrftoken=\x01; sessionid=",
        "a=b; ; ;=; ==",
        "sessionid=' OR '1'='1",
    ),
    "CONTENT_TYPE": (
        "application/json; charset=\x00",
        "application/json; charset=utf-7",
        "application/json; charset=nonsense",
        "multipart/form-data",
        "multipart/form-data; boundary=",
        "application/x-www-form-urlencoded",
        "text/plain",
        "application/" + "json" * 2000,
    ),
}


def _nested(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


# Raw bodies sent as application/json: broken, too deep, of the wrong shape.
RAW_BODIES: tuple[str, ...] = (
    "[" * 100_000 + "]" * 100_000,
    _nested(33),
    _nested(31),
    '{"date": ',
    "\x00",
    '"just a string"',
    "1" * 5000,
    '{"a": NaN}',
    '{"a": "\\ud800"}',
    '{"a": "\\u0000"}',
    "[]",
    "null",
)


def hostile_files() -> list[tuple[str, bytes]]:
    """Statement files a bank import must refuse (or read) without a 5xx."""
    made = [
        ("empty.csv", b""),
        ("nul.csv", b"date;amount\n\x00\x00\x00;1\n"),
        ("not-utf8.csv", b"\xff\xfe\x00d\x00a\x00t\x00e"),
        ("formula.csv", b'date,amount,name\n2026-01-02,=1+1,=HYPERLINK("x")\n'),
        ("deep.xml", b"<?xml version='1.0'?>" + b"<a>" * 50_000 + b"</a>" * 50_000),
        ("long-line.sta", b":20:" + b"9" * 200_000),
        ("random.ofx", random.Random(7).randbytes(4096)),  # noqa: S311  (reproducible, not secret)
        ("overflow.csv", b"date;amount\n2026-01-02;1e1000000\n2026-01-03;-1E+999999999\n"),
    ]
    for path in sorted(SAMPLES.glob("hostile_*")):
        made.append((path.name, path.read_bytes()))
    return made


@dataclass(frozen=True)
class HostileRequest:
    method: str
    path: str
    what: str  # which value is hostile, for the failure report
    query: dict[str, str] = field(default_factory=dict)
    body: Any = None  # JSON-able, a raw string, or a dict of multipart fields
    content_type: str | None = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    # Not worth sending anonymously: refused with 401 before the body is read.
    signed_in_only: bool = False


@dataclass
class Targets:
    """Ids of real rows, so that a request gets past the lookup to the part it is aimed at."""

    slug: str
    ids: dict[str, str]  # path template prefix ("journal-entries") -> an id or code
    examples: dict[tuple[str, str], dict[str, Any]]  # (METHOD, path suffix) -> a valid body


def operations() -> list[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """(method, path template, operation, components) for every operation in the schema.

    Deletions come last, and the sign-in endpoints after them: a request that gets through
    deletes its row or revokes the token, and every later request would stop at a 404 or 401.
    """
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema.get("components", {}).get("schemas", {})
    found = [
        (method.upper(), path, operation, components)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    ]
    return sorted(found, key=lambda op: ("/api/v1/auth/" in op[1], op[0] == "DELETE"))


def _resolve(schema: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    if "allOf" in schema:
        return _resolve(schema["allOf"][0], components)
    return schema


def example(schema: dict[str, Any], components: dict[str, Any], depth: int = 0) -> Any:
    """A plausible value for `schema` (the first enum value, a date for dates, one list item)."""
    schema = _resolve(schema, components)
    if "enum" in schema:
        return schema["enum"][0]
    if "oneOf" in schema:
        return example(schema["oneOf"][0], components, depth)
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        if depth > 3:
            return {}
        props = schema.get("properties", {})
        return {k: example(v, components, depth + 1) for k, v in props.items() if not v.get("readOnly")}
    if kind == "array":
        return [example(schema.get("items", {}), components, depth + 1)]
    if kind == "integer":
        return 1
    if kind == "number":
        return "1.00"
    if kind == "boolean":
        return True
    fmt = schema.get("format")
    if fmt == "date":
        return "2026-03-02"
    if fmt == "date-time":
        return "2026-03-02T10:00:00Z"
    if fmt == "decimal":
        return "10.00"
    if fmt == "binary":
        return b"date;amount\n"
    return "x"


def _body_paths(body: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Where a hostile value can go: each field, and each field of a list's first item."""
    if isinstance(body, dict):
        for key, value in body.items():
            yield (*prefix, key)
            if len(prefix) < 3:
                yield from _body_paths(value, (*prefix, key))
    elif isinstance(body, list) and body:
        yield from _body_paths(body[0], (*prefix, 0))


def _with(body: Any, where: tuple[Any, ...], value: Any) -> Any:
    copy = json.loads(json.dumps(body))
    target = copy
    for step in where[:-1]:
        target = target[step]
    target[where[-1]] = value
    return copy


class Generator:
    def __init__(self, targets: Targets, seed: int = 0, per_location: int = 3) -> None:
        self.targets = targets
        self.rng = random.Random(seed)  # noqa: S311  (reproducible, not secret)
        self.per_location = per_location

    def _pick(self, values: tuple[Any, ...], n: int | None = None) -> list[Any]:
        return self.rng.sample(list(values), min(n or self.per_location, len(values)))

    def _url(self, template: str, params: dict[str, str]) -> str:
        path = template
        for name, value in params.items():
            path = path.replace("{" + name + "}", quote(value, safe="", errors="surrogatepass"))
        return path

    def _path_params(self, template: str) -> dict[str, str]:
        params = {"tenant_slug": self.targets.slug}
        for name in ("id", "code"):
            if "{" + name + "}" in template:
                resource = template.split("/api/v1/")[-1].split("/")[0]
                params[name] = self.targets.ids.get(resource, "1")
        return params

    def requests(self) -> Iterator[HostileRequest]:
        for method, template, operation, components in operations():
            params = self._path_params(template)
            valid_path = self._url(template, params)
            suffix = template.split("/api/v1/")[-1] if "/api/v1/" in template else template
            content = operation.get("requestBody", {}).get("content", {})
            body: Any = None
            content_type: str | None = None
            if "application/json" in content:
                body = self.targets.examples.get((method, suffix)) or example(
                    content["application/json"]["schema"], components
                )
                content_type = "application/json"
            elif "multipart/form-data" in content:
                content_type = "multipart/form-data"

            make = partial(
                HostileRequest, method=method, path=valid_path, body=body, content_type=content_type
            )

            # path parameters, the company's slug included
            for name in params:
                for value in self._pick(HOSTILE_TEXT):
                    path = self._url(template, {**params, name: value})
                    yield make(what=f"path {name}={value[:20]!r}", path=path)
            # query parameters
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    for value in self._pick(HOSTILE_TEXT):
                        name = parameter["name"]
                        yield make(what=f"query {name}={value[:20]!r}", query={name: value})
            # headers
            for header, values in HEADERS.items():
                for value in self._pick(values, 1):
                    yield make(what=f"header {header}={value[:20]!r}", headers={header: value})
            # bodies
            if content_type == "application/json":
                company = template.startswith("/t/")
                for where in _body_paths(body):
                    choices = self._pick(HOSTILE_TEXT + HOSTILE_JSON)
                    if "pattern" in str(where[-1]):
                        choices += list(HOSTILE_REGEX)
                    for value in choices:
                        yield make(
                            what=f"body {where}={str(value)[:20]!r}",
                            body=_with(body, where, value),
                            signed_in_only=company,
                        )
                for raw in self._pick(RAW_BODIES, 4):
                    yield make(what=f"raw body {raw[:20]!r}", body=raw)
            elif content_type == "multipart/form-data":
                for name, data in hostile_files():
                    yield make(what=f"file {name}", body={"file": (name, data)})
                tiny = ("x.csv", b"a;b\n")
                for value in self._pick(HOSTILE_TEXT, 4):
                    yield make(what=f"format={value[:20]!r}", body={"file": tiny, "format": value})
                    yield make(what=f"profile={value[:20]!r}", body={"file": tiny, "profile": value})


def admin_requests(seed: int = 0, per_location: int = 1) -> Iterator[HostileRequest]:
    """The admin's pages with hostile values: changelist search, ordering, page and filters,
    object ids in change, delete and history pages, every field of an add form, actions."""
    from django.contrib import admin

    rng = random.Random(seed)  # noqa: S311  (reproducible, not secret)
    # Form bodies are encoded as UTF-8 by the client: no lone surrogates there.
    texts = [t for t in HOSTILE_TEXT if "\ud800" not in t]
    for model in admin.site._registry:
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        for value in rng.sample(texts, per_location):
            what = f"admin {value[:20]!r}"
            id_ = quote(value, safe="", errors="surrogatepass")
            for param in ("q", "o", "p", "e", "all", "id__exact"):
                yield HostileRequest("GET", base, what, query={param: value}, content_type=None)
            for page in ("change/", "delete/", "history/"):
                yield HostileRequest("GET", f"{base}{id_}/{page}", what, content_type=None)
            form = {f.name: value for f in model._meta.fields}
            yield HostileRequest("POST", f"{base}add/", what, body=form, content_type="multipart/form-data")
            action = {"action": value, "_selected_action": value, "index": value}
            yield HostileRequest("POST", base, what, body=action, content_type="multipart/form-data")
    for value in rng.sample(texts, per_location * 2):
        what = f"admin {value[:20]!r}"
        yield HostileRequest(
            "POST", "/admin/company/", what, body={"company": value}, content_type="multipart/form-data"
        )
        yield HostileRequest("GET", "/admin/autocomplete/", what, query={"term": value, "app_label": value})


@dataclass
class Tally:
    requests: int = 0
    server_errors: list[str] = field(default_factory=list)
    checked_writes: int = 0
    changed_books: list[str] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)

    def add(self, other: Tally) -> None:
        self.requests += other.requests
        self.server_errors += other.server_errors
        self.checked_writes += other.checked_writes
        self.changed_books += other.changed_books
        self.statuses += other.statuses

    def line(self) -> str:
        return (
            f"{self.requests} hostile requests, {len(self.server_errors)} answered 5xx, "
            f"{self.checked_writes} refused writes checked against the trial balance, "
            f"{len(self.changed_books)} changed it"
        )


class _Guarded:
    """The test client's handler behind the same check as the WSGI and ASGI applications
    (pyledger_project.input_guard.WSGIGuard): what Django cannot build a request from."""

    def __init__(self, handler: Callable[..., Any]) -> None:
        self.handler = handler

    def __call__(self, environ: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
        refused = content_type_refusal(environ.get("CONTENT_TYPE", ""))
        if refused is None:
            return self.handler(environ, *args, **kwargs)
        response = JsonResponse(refused.as_dict(), status=refused.status_code)
        response.wsgi_request = None  # type: ignore[attr-defined]  # the test client reads it
        return response


def _multipart(body: dict[str, Any]) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    out: dict[str, Any] = {}
    for key, value in body.items():
        out[key] = SimpleUploadedFile(value[0], value[1]) if isinstance(value, tuple) else value
    return out


def send(client: Client, request: HostileRequest, extra: dict[str, str]) -> int:
    """Send `request` with `extra` headers (a token) under its own; the status code."""
    path = request.path + ("?" + urlencode(request.query, errors="surrogatepass") if request.query else "")
    headers: dict[str, Any] = {**extra, **request.headers}
    if request.body is None:
        response = getattr(client, request.method.lower())(path, **headers)
    elif request.content_type == "multipart/form-data":
        response = getattr(client, request.method.lower())(path, _multipart(request.body), **headers)
    else:
        # generic() sends the bytes as they are, whatever charset a hostile Content-Type names.
        data = request.body if isinstance(request.body, str) else json.dumps(request.body)
        content_type = headers.pop("CONTENT_TYPE", None) or request.content_type
        response = client.generic(
            request.method, path, data.encode(errors="surrogatepass"), content_type, **headers
        )
    return int(response.status_code)


def run(
    requests: list[HostileRequest],
    as_users: dict[str, dict[str, str]],
    books: Callable[[], Any],
    reset: Callable[[], None] = lambda: None,
) -> Tally:
    """Send every request as each user (their headers, e.g. a token; {} is anonymous).

    `books()` returns the company's trial balance; it must be the same before and after every
    write answered with a 4xx. `reset()` runs before each request (throttle counters).
    """
    tally = Tally()
    client = Client(raise_request_exception=False)
    client.handler = _Guarded(client.handler)  # type: ignore[assignment]  # the stubs want a ClientHandler
    balance = books()
    for who, extra in as_users.items():
        for request in requests:
            if request.signed_in_only and not extra:
                continue
            reset()
            status = send(client, request, extra)
            tally.requests += 1
            tally.statuses[status] += 1
            label = f"{who}: {request.method} {request.path[:80]} {request.what} -> {status}"
            if status >= 500:
                tally.server_errors.append(label)
            if request.method != "GET":
                after = books()
                if status >= 400:
                    tally.checked_writes += 1
                    if after != balance:
                        tally.changed_books.append(label)
                balance = after
    return tally
