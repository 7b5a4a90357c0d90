from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth.views import LogoutView
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from common import api
from pyledger_project import health, observability
from pyledger_project.admin_site import autocomplete, company_switch
from tenants import api as tenants_api

# The web app's mark (app/index.html), for the admin, the API docs and the browsable API, which
# browsers ask for at /favicon.ico.
FAVICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" '
    'fill="#0f766e"/><path d="M9 9h4v11h10v4H9z" fill="white"/></svg>'
)


def favicon(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(FAVICON, content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def browsable_login(request: HttpRequest) -> HttpResponseRedirect:
    """The browsable API's "Log in": the web app's sign-in, which brings the user back here."""
    back = request.GET.get("next", "")
    query = urlencode({"back": back}) if back.startswith("/") and not back.startswith("//") else ""
    return HttpResponseRedirect(f"/app/login{'?' + query if query else ''}")


# DRF's browsable API shows "Log in" / "Log out" when this namespace exists. Signing in goes through
# the app's page and the session API, so it meets the same lockouts; no extra sign-in form.
browsable_auth = (
    [
        path("login/", browsable_login, name="login"),
        path("logout/", LogoutView.as_view(next_page="/app/login"), name="logout"),
    ],
    "rest_framework",
)

urlpatterns = [
    # Before admin.site.urls: which company's books the ledger admin shows (see admin_site).
    path("admin/company/", admin.site.admin_view(company_switch), name="admin-company"),
    # Django's autocomplete, run inside the admin company when it searches the books.
    path("admin/autocomplete/", admin.site.admin_view(autocomplete)),
    path("admin/", admin.site.urls),
    # Answered by pyledger_project.health.health_middleware before any other middleware.
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", observability.metrics_view, name="metrics"),
    path("favicon.ico", favicon, name="favicon"),
    path("api/v1/auth/token/", api.TokenCreateView.as_view(), name="auth-token"),
    path("api/v1/auth/token/revoke/", api.TokenRevokeView.as_view(), name="auth-token-revoke"),
    path("api/v1/auth/session/", tenants_api.SessionView.as_view(), name="auth-session"),
    path("api/v1/me/", tenants_api.MeView.as_view(), name="me"),
    path("api-auth/", include(browsable_auth)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    # The project's ReDoc page: drf-spectacular's without the Google Fonts links (no CDN at all).
    path(
        "api/redoc/",
        SpectacularRedocView.as_view(url_name="schema", template_name="site/redoc.html"),
        name="redoc",
    ),
    # Company-scoped API; TenantMiddleware resolves the slug and removes it from the view kwargs.
    path("t/<slug:tenant_slug>/api/v1/", include("pyledger_project.company_api")),
    # The same endpoints for a company named by the X-Tenant header or a company domain.
    path("api/v1/", include("pyledger_project.company_api", namespace="ledger-api-host")),
    # The web app (app/dist) at /app/, and / redirecting to it.
    path("", include("pyledger_project.spa")),
]

handler400 = "pyledger_project.errors.refused"
handler404 = "pyledger_project.errors.not_found"
handler500 = "pyledger_project.errors.server_failure"
