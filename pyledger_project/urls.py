from django.contrib import admin
from django.http import HttpRequest, JsonResponse
from django.urls import include, path


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # Company-scoped URLs; TenantMiddleware resolves the slug and removes it from the view kwargs.
    path("t/<slug:tenant_slug>/", include("ledger.urls")),
    # The same URLs for a company named by the X-Tenant header or a company domain.
    path("", include("ledger.urls", namespace="ledger-host")),
]
