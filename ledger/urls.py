from django.urls import path

from . import views

app_name = "ledger"
urlpatterns = [
    path("api/v1/accounts/", views.account_list, name="account-list"),
    path("api/v1/accounts-async/", views.account_list_async, name="account-list-async"),
]
