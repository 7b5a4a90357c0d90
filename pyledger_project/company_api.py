"""The company-scoped API: every tenant app's routes on one router, mounted at /t/<slug>/api/v1/
and /api/v1/ (X-Tenant or a company domain). The namespace stays `ledger-api` for the URL names
clients and tests already reverse."""

from bank.api import urls as bank_urls
from events import urls as events_urls
from interchange import urls as interchange_urls
from invoicing.api import urls as invoicing_urls
from jobs import api as jobs_api
from ledger.api import urls as ledger_urls
from recurring.api import urls as recurring_urls
from tax.api import urls as tax_urls

router = ledger_urls.CompanyRouter()
ledger_urls.register(router)
bank_urls.register(router)
invoicing_urls.register(router)
tax_urls.register(router)
recurring_urls.register(router)
router.register("jobs", jobs_api.JobViewSet, basename="job")
events_urls.register(router)
interchange_urls.register(router)

app_name = "ledger-api"
urlpatterns = [
    *ledger_urls.report_urlpatterns,
    *bank_urls.report_urlpatterns,
    *invoicing_urls.report_urlpatterns,
    *tax_urls.report_urlpatterns,
    *events_urls.report_urlpatterns,
    *interchange_urls.urlpatterns,
    *router.urls,
]
