from django.urls import path

from zhijian.spotchecks import views

app_name = "spotchecks"
urlpatterns = [
    path("plans/", views.PlanListView.as_view(), name="plan_list"),
    path("plans/new/", views.PlanCreateView.as_view(), name="plan_create"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("plans/<int:pk>/<slug:action>/", views.PlanActionView.as_view(), name="plan_action"),
    path("tasks/", views.TaskListView.as_view(), name="task_list"),
    path("tasks/<int:pk>/", views.TaskDetailView.as_view(), name="task_detail"),
    path("tasks/<int:pk>/sample/", views.SampleRecordView.as_view(), name="sample_record"),
    path("tasks/<int:pk>/report/", views.ReportSubmitView.as_view(), name="report_submit"),
    path("tasks/<int:pk>/objection/", views.ObjectionCreateView.as_view(), name="objection_create"),
    path("tasks/<int:pk>/notice/<slug:party>/", views.NoticeView.as_view(), name="notice"),
    path("tasks/<int:pk>/do/<slug:action>/", views.TaskActionView.as_view(), name="task_action"),
    path("objections/", views.ObjectionListView.as_view(), name="objection_list"),
    path("objections/<int:pk>/", views.ObjectionDetailView.as_view(), name="objection_detail"),
    path("objections/<int:pk>/<slug:action>/", views.ObjectionActionView.as_view(), name="objection_action"),
    path("handling/", views.HandlingListView.as_view(), name="handling_list"),
    path("handling/<int:pk>/", views.HandlingDetailView.as_view(), name="handling_detail"),
    path("handling/<int:pk>/<slug:action>/", views.HandlingActionView.as_view(), name="handling_action"),
    path("announcements/", views.AnnouncementListView.as_view(), name="announcement_list"),
    path("announcements/<int:pk>/", views.AnnouncementDetailView.as_view(), name="announcement_detail"),
    path("announcements/<int:pk>/publish/", views.AnnouncementPublishView.as_view(), name="announcement_publish"),
]

# Announcement documents and the bureau's analysis (publication helper).
from zhijian.spotchecks import documents  # noqa: E402

urlpatterns += [
    path("announcements/<int:pk>/download.<slug:fmt>", documents.AnnouncementDocumentView.as_view(),
         name="announcement_download"),
]

from zhijian.spotchecks import analysis_views  # noqa: E402

urlpatterns += [
    path("analysis/", analysis_views.AnalysisView.as_view(), name="analysis"),
    path("analysis/regions/<str:code>/report.docx", analysis_views.RegionReportView.as_view(),
         name="analysis_region_report"),
]
