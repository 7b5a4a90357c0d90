"""Report exports in the background: `GET reports/<report>/?format=csv&background=true` queues the
job `reports.export_csv`, which runs the same report view in a worker and keeps its CSV as the job's
file (jobs.files): `GET jobs/<id>/` gives `download_url` once it has succeeded.

The job re-runs the view with the request's query, inside the company, without a request's
authentication: who may export was decided when it was queued (the report's read role), and who
may download is decided at the download (the same role, kept with the file).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser, User
from django.http import Http404, HttpRequest, QueryDict
from django.utils import timezone
from django.utils.module_loading import import_string
from rest_framework.exceptions import APIException
from rest_framework.request import Request

from jobs.errors import JobFailed
from jobs.models import Job
from jobs.registry import enqueue
from tenants.routing.context import current_tenant

from .api.renderers import CSVRenderer

if TYPE_CHECKING:
    from .api.reports import ReportView

TASK = "reports.export_csv"
# The query parameters that steer the export itself, not the report.
OWN_PARAMS = ("format", "background")
_FILENAME = re.compile(r'filename="([^"/\\]+)"')


def queue_export(view: ReportView, request: Request, *, role: str) -> Job:
    """Queue the CSV export of `view`'s report for the request's query; return the job."""
    tenant = current_tenant()
    assert tenant is not None  # a company view
    query = {key: values for key, values in request.query_params.lists() if key not in OWN_PARAMS}
    cls = type(view)
    user = request.user.pk if request.user.is_authenticated else None
    params = {"view": f"{cls.__module__}.{cls.__qualname__}", "query": query, "role": role, "user": user}
    return enqueue(TASK, company=tenant.slug, params=params, requested_by=request.user)


def render_csv(view_path: str, query: dict[str, list[str]], user: User | None) -> tuple[str, bytes]:
    """Run the report view `view_path` with `query` in the current company; its CSV file name and
    bytes. A report the query cannot make (a bad date, an unknown account) fails the job."""
    from .api.reports import ReportView

    try:
        cls = import_string(view_path)
    except ImportError:
        raise JobFailed(f"No report view {view_path}.") from None
    if not (isinstance(cls, type) and issubclass(cls, ReportView)):
        raise JobFailed(f"{view_path} is not a report.")
    django_request = HttpRequest()
    django_request.method = "GET"
    get = QueryDict(mutable=True)
    for key, values in query.items():
        get.setlist(key, [str(v) for v in values])
    get["format"] = CSVRenderer.format
    django_request.GET = get  # type: ignore[assignment]  # the stubs type GET immutable, as a request's own is
    view = cls()
    view.setup(django_request)
    view.format_kwarg = None
    view.headers = {}
    request = view.initialize_request(django_request)
    request.user = user or AnonymousUser()
    request.accepted_renderer = CSVRenderer()
    request.accepted_media_type = CSVRenderer.media_type
    view.request = request
    try:
        response = view.get(request)
    except (APIException, Http404) as exc:
        raise JobFailed(str(getattr(exc, "detail", exc) or "The report could not be made.")) from exc
    data = CSVRenderer().render(response.data, renderer_context={"view": view})
    found = _FILENAME.search(response.get("Content-Disposition", ""))
    name = found.group(1) if found else f"report-{timezone.localdate()}.csv"
    return name, data
