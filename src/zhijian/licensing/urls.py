from django.urls import path

from zhijian.licensing import views

app_name = "licensing"
urlpatterns = [
    path("applications/", views.ApplicationListView.as_view(), name="application_list"),
    path("applications/new/", views.ApplicationCreateView.as_view(), name="application_create"),
    path("applications/<int:pk>/", views.ApplicationDetailView.as_view(), name="application_detail"),
    path("applications/<int:pk>/<slug:action>/", views.ApplicationActionView.as_view(), name="application_action"),
    path("documents/<int:pk>/", views.DocumentDownloadView.as_view(), name="document_download"),
    path("sla/", views.SLAView.as_view(), name="sla"),
    path("licences/", views.LicenceListView.as_view(), name="licence_list"),
    path("licences/<int:pk>/", views.LicenceDetailView.as_view(), name="licence_detail"),
    path("licences/<int:pk>/status/", views.LicenceStatusView.as_view(), name="licence_status"),
    path("licences/<int:pk>/certificate.pdf", views.CertificateView.as_view(), name="licence_certificate"),
    path("annual-reports/", views.AnnualReportListView.as_view(), name="annual_report_list"),
    path("annual-reports/new/", views.AnnualReportCreateView.as_view(), name="annual_report_create"),
    path("annual-reports/remind/", views.RemindView.as_view(), name="annual_report_remind"),
    path("annual-reports/<int:pk>/", views.AnnualReportDetailView.as_view(), name="annual_report_detail"),
    path("annual-reports/<int:pk>/review/", views.AnnualReportReviewView.as_view(), name="annual_report_review"),
    path("campaigns/", views.CampaignListView.as_view(), name="campaign_list"),
    path("campaigns/new/", views.CampaignCreateView.as_view(), name="campaign_create"),
    path("campaigns/<int:pk>/", views.CampaignDetailView.as_view(), name="campaign_detail"),
    path("campaign-items/<int:pk>/", views.CampaignItemView.as_view(), name="campaign_item"),
    path("campaigns/draw/", views.SupervisionDrawView.as_view(), name="supervision_draw"),
    path("licences/<int:pk>/post-review/", views.PostReviewView.as_view(), name="licence_post_review"),
    path("proceedings/<int:pk>/close/", views.ProceedingCloseView.as_view(), name="proceeding_close"),
    path("worklist/", views.WorklistView.as_view(), name="worklist"),
    path("catalogue/", views.CatalogueView.as_view(), name="catalogue"),
    path("catalogue/new/", views.CatalogueEntryEditView.as_view(), name="catalogue_create"),
    path("catalogue/<int:pk>/edit/", views.CatalogueEntryEditView.as_view(), name="catalogue_edit"),
    path("rules/", views.RulesView.as_view(), name="rules"),
    path("over-capacity/<int:pk>/remove/", views.OverCapacityRemoveView.as_view(), name="over_capacity_remove"),
]
