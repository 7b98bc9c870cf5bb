from django.urls import path

from zhijian.agencies import views

app_name = "agencies"
urlpatterns = [
    # Agencies live under directory/ so that the menu's prefix match keeps 机构名录 and 执法检查人员 apart.
    path("directory/", views.AgencyListView.as_view(), name="agency_list"),
    path("directory/new/", views.AgencyCreateView.as_view(), name="agency_create"),
    path("directory/<int:pk>/", views.AgencyDetailView.as_view(), name="agency_detail"),
    path("directory/<int:pk>/edit/", views.AgencyEditView.as_view(), name="agency_edit"),
    path("directory/<int:pk>/status/", views.AgencyStatusView.as_view(), name="agency_status"),
    path("directory/<int:pk>/scopes/new/", views.ScopeAddView.as_view(), name="scope_add"),
    path("directory/scopes/<int:pk>/remove/", views.ScopeRemoveView.as_view(), name="scope_remove"),
    path("inspectors/", views.InspectorListView.as_view(), name="inspector_list"),
    path("inspectors/new/", views.InspectorCreateView.as_view(), name="inspector_create"),
    path("inspectors/<int:pk>/", views.InspectorDetailView.as_view(), name="inspector_detail"),
    path("inspectors/<int:pk>/edit/", views.InspectorEditView.as_view(), name="inspector_edit"),
    path("inspectors/<int:pk>/deactivate/", views.InspectorDeactivateView.as_view(), name="inspector_deactivate"),
    path("inspectors/<int:pk>/conflicts/new/", views.ConflictDeclareView.as_view(), name="conflict_declare"),
    path("conflicts/<int:pk>/withdraw/", views.ConflictWithdrawView.as_view(), name="conflict_withdraw"),
]
