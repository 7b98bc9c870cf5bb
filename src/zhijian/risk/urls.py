from django.urls import path

from zhijian.risk import views

app_name = "risk"
urlpatterns = [
    path("signals/", views.SignalListView.as_view(), name="signal_list"),
    path("signals/new/", views.SignalCreateView.as_view(), name="signal_create"),
    path("signals/import/", views.SignalImportView.as_view(), name="signal_import"),
    path("signals/<int:pk>/", views.SignalDetailView.as_view(), name="signal_detail"),
    path("signals/<int:pk>/link/", views.SignalLinkView.as_view(), name="signal_link"),
    path("assessments/", views.AssessmentListView.as_view(), name="assessment_list"),
    path("assessments/new/", views.AssessmentCreateView.as_view(), name="assessment_create"),
    path("assessments/<int:pk>/", views.AssessmentDetailView.as_view(), name="assessment_detail"),
    path("alarms/", views.AlarmListView.as_view(), name="alarm_list"),
    path("alarms/<int:pk>/", views.AlarmDetailView.as_view(), name="alarm_detail"),
    path("warnings/", views.WarningListView.as_view(), name="warning_list"),
    path("warnings/new/", views.WarningCreateView.as_view(), name="warning_create"),
    path("warnings/<int:pk>/", views.WarningDetailView.as_view(), name="warning_detail"),
    path("warnings/<int:pk>/publish/", views.WarningPublishView.as_view(), name="warning_publish"),
    path("responses/", views.ResponseListView.as_view(), name="response_list"),
    path("responses/<int:pk>/", views.ResponseDetailView.as_view(), name="response_detail"),
    path("subscriptions/", views.SubscriptionListView.as_view(), name="subscription_list"),
    path("subscriptions/new/", views.SubscriptionCreateView.as_view(), name="subscription_create"),
    path("subscriptions/<int:pk>/", views.SubscriptionDetailView.as_view(), name="subscription_detail"),
    path("inbox/", views.InboxView.as_view(), name="inbox"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
]
