"""Content negotiation where ?format= wins over the Accept header.

DRF's default filters the renderers by ?format= and then still matches them against Accept, so
`?format=csv` sent by a client whose library adds `Accept: application/json` was a 406. The
query parameter is the more specific wish (docs/api.md promises it wins).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request


class FormatFirst(DefaultContentNegotiation):
    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> Any:
        wanted = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        if wanted:
            renderer = self.filter_renderers(list(renderers), wanted)[0]  # 404 when none has it
            return renderer, renderer.media_type
        return super().select_renderer(request, renderers, format_suffix)
