"""Public risk pages (url names are in the portal namespace)."""

from django.urls import path

from zhijian.portal import risk

urlpatterns = [
    path("warnings/", risk.WarningListView.as_view(), name="warning_list"),
    path("warnings/<int:pk>/", risk.WarningDetailView.as_view(), name="warning_detail"),
    path("complaints/new/", risk.ComplaintCreateView.as_view(), name="complaint_create"),
]
