"""CSV for reports: `?format=csv` or `Accept: text/csv`."""

from __future__ import annotations

import csv
import io
from typing import Any

from rest_framework.renderers import BaseRenderer

from ledger.spreadsheet import cell


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        if isinstance(data, dict) and "rows" in data:
            rows = data["rows"]
            # The view names the columns (so an empty report still has its header); rows that
            # lack a column leave its cell empty.
            view = (renderer_context or {}).get("view")
            columns = list(getattr(view, "columns", ()) or (rows[0].keys() if rows else ()))
            writer.writerow(columns)
            for row in rows:
                writer.writerow([cell(row.get(c, "")) for c in columns])
            if data.get("totals"):
                writer.writerow([])
                for key, value in data["totals"].items():
                    writer.writerow([f"total_{key}", value])
        elif isinstance(data, dict):  # an error body
            writer.writerow(["code", "message"])
            writer.writerow([data.get("code", ""), data.get("message", "")])
        return out.getvalue().encode(self.charset)
