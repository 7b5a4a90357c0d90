"""The project's URLs with the invoicing reports mounted, until the invoicing API mounts them."""

from django.urls import include, path

from invoicing.api.reports import report_urlpatterns
from pyledger_project import urls as project

urlpatterns = [
    path("t/<slug:tenant_slug>/api/v1/", include((report_urlpatterns, "invoicing-reports"))),
    *project.urlpatterns,
]
