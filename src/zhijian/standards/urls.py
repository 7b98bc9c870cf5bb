from django.urls import path

from zhijian.standards import views

app_name = "standards"
urlpatterns = [
    path("", views.StandardListView.as_view(), name="standard_list"),
    path("new/", views.StandardCreateView.as_view(), name="standard_create"),
    path("<int:pk>/", views.StandardDetailView.as_view(), name="standard_detail"),
    path("<int:pk>/edit/", views.StandardEditView.as_view(), name="standard_edit"),
    path("<int:pk>/withdraw/", views.StandardWithdrawView.as_view(), name="standard_withdraw"),
    path("<int:pk>/test-items/new/", views.TestItemCreateView.as_view(), name="test_item_create"),
    path("test-items/<int:pk>/edit/", views.TestItemEditView.as_view(), name="test_item_edit"),
    path("test-items/<int:pk>/delete/", views.TestItemDeleteView.as_view(), name="test_item_delete"),
]
