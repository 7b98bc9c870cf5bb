from django.urls import path

from zhijian.draws import views

app_name = "draws"
urlpatterns = [
    path("", views.DrawListView.as_view(), name="draw_list"),
    path("new/", views.EnterpriseDrawCreateView.as_view(), name="draw_create"),
    path("<int:pk>/", views.DrawDetailView.as_view(), name="draw_detail"),
    path("<int:pk>/execute/", views.DrawExecuteView.as_view(), name="draw_execute"),
    path("<int:pk>/cancel/", views.DrawCancelView.as_view(), name="draw_cancel"),
    path("<int:pk>/record.json", views.DrawRecordView.as_view(), name="draw_record"),
    path("<int:pk>/pool.csv", views.DrawPoolCsvView.as_view(), name="draw_pool_csv"),
]
