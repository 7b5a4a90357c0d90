"""Serve the built web app (app/dist) at /app/: hashed assets through WhiteNoise, and index.html
for every client-side route so a reload of /app/t/acme/entries works.

`make run` builds app/dist when Node.js and npm are present; without them /app/ answers with a
page that says how to enable the app, and the API and admin work as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from asgiref.sync import iscoroutinefunction, markcoroutinefunction, sync_to_async
from django.conf import settings
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import path
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET
from whitenoise.middleware import WhiteNoiseMiddleware

APP_URL = "/app/"
NOT_BUILT = (
    "<!doctype html><meta charset=utf-8><title>pyledger</title>"
    "<body style='font:16px system-ui;margin:3rem'><h1>The web app is not built</h1>"
    "<p>Install Node.js 20+ and npm, then re-run <code>make run</code>. The "
    "<a href='/api/docs/'>API</a> and the <a href='/admin/'>admin</a> work without it.</p>"
)


def dist_dir() -> Path:
    return Path(getattr(settings, "PYLEDGER_APP_DIST", settings.BASE_DIR / "app" / "dist"))


class AppWhiteNoiseMiddleware(WhiteNoiseMiddleware):
    """WhiteNoise that also serves app/dist under /app/ (Vite's hashed files cached forever).

    Async capable: WhiteNoise's own middleware is sync-only, which would make Django run every
    async request's middleware chain on one thread and serve async views one at a time.
    """

    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(get_response, *args, **kwargs)
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)
        dist = dist_dir()
        if dist.is_dir() or self.autorefresh:
            self.add_files(str(dist), prefix=APP_URL.lstrip("/"))

    def _static_file(self, request: HttpRequest) -> Any:
        if self.autorefresh:
            return self.find_file(request.path_info)
        return self.files.get(request.path_info)

    def __call__(self, request: HttpRequest) -> Any:
        if self.is_async:
            return self.__acall__(request)
        return super().__call__(request)

    async def __acall__(self, request: HttpRequest) -> Any:
        static_file = (
            await sync_to_async(self._static_file)(request)
            if self.autorefresh
            else self._static_file(request)
        )
        if static_file is not None:
            return await sync_to_async(self.serve)(static_file, request)
        return await self.get_response(request)

    def immutable_file_test(self, path: str, url: str) -> bool:
        return url.startswith(APP_URL + "assets/") or super().immutable_file_test(path, url)


@require_GET
@ensure_csrf_cookie
def index(request: HttpRequest, route: str = "") -> HttpResponseBase:
    """index.html for /app/ and any client route below it (never cached: it names the assets)."""
    page = dist_dir() / "index.html"
    if not page.is_file():
        return HttpResponse(NOT_BUILT, status=503)
    response = FileResponse(page.open("rb"), content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


def home(request: HttpRequest) -> HttpResponseBase:
    return redirect(APP_URL)


urlpatterns = [
    path("", home, name="home"),
    path("app/", index, name="app"),
    path("app/<path:route>", index, name="app-route"),
]
