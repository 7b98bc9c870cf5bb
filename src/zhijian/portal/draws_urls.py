"""Public draws pages (url names are in the portal namespace)."""

from django.urls import path

from zhijian.portal import draws

urlpatterns: list = [
    path("draws/", draws.PublicDrawListView.as_view(), name="draw_list"),
    path("draws/<int:pk>/", draws.PublicDrawDetailView.as_view(), name="draw_detail"),
    path("draws/<int:pk>/record.json", draws.PublicDrawRecordView.as_view(), name="draw_record_json"),
    path("draws/<int:pk>/pool.csv", draws.PublicDrawPoolCsvView.as_view(), name="draw_pool_csv"),
]
