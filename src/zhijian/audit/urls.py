from django.urls import path

from zhijian.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.EntryListView.as_view(), name="entry_list"),
    path("<int:pk>/", views.EntryDetailView.as_view(), name="entry_detail"),
    path("<int:pk>/proof/", views.EntryProofView.as_view(), name="entry_proof"),
    path("checkpoints/", views.CheckpointListView.as_view(), name="checkpoint_list"),
    path("checkpoints/seal/", views.CheckpointSealView.as_view(), name="checkpoint_seal"),
]
