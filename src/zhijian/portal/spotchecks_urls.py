"""Public spotchecks pages (url names are in the portal namespace)."""

from django.urls import path

from zhijian.portal import spotchecks as views

urlpatterns: list = [
    path("spotchecks/announcements/", views.AnnouncementListView.as_view(), name="announcement_list"),
    path("spotchecks/announcements/<int:pk>/", views.AnnouncementDetailView.as_view(), name="announcement_detail"),
    path("spotchecks/announcements/<int:pk>/download.<slug:fmt>", views.AnnouncementDownloadView.as_view(),
         name="announcement_download"),
    path("spotchecks/results/", views.ResultListView.as_view(), name="result_list"),
]
