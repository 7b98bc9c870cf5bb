"""The public site under /public/: no login. Each area keeps its own views and url list."""

from django.urls import path

from zhijian.portal import draws_urls, licensing_urls, risk_urls, spotchecks_urls, views

app_name = "portal"
urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    *draws_urls.urlpatterns,
    *spotchecks_urls.urlpatterns,
    *licensing_urls.urlpatterns,
    *risk_urls.urlpatterns,
]
