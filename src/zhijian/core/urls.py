from django.urls import path

from zhijian.core import pages
from zhijian.core.importexport import views as importexport

app_name = "core"
urlpatterns = [
    path("regions/", pages.RegionListView.as_view(), name="region_list"),
    path("calendar/", pages.CalendarDayListView.as_view(), name="calendar_list"),
    path("calendar/new/", pages.CalendarDayCreateView.as_view(), name="calendar_create"),
    path("calendar/<int:pk>/delete/", pages.CalendarDayDeleteView.as_view(), name="calendar_delete"),
    path("jobs/", pages.JobListView.as_view(), name="job_list"),
    path("jobs/<int:pk>/", pages.JobDetailView.as_view(), name="job_detail"),
    path("imports/", importexport.ImportListView.as_view(), name="import_list"),
    path("imports/upload/", importexport.ImportUploadView.as_view(), name="import_upload"),
    path("imports/<int:pk>/", importexport.ImportDetailView.as_view(), name="import_detail"),
    path("imports/<slug:entity>/template/", importexport.TemplateDownloadView.as_view(), name="import_template"),
    path("exports/<slug:entity>/", importexport.ExportView.as_view(), name="export"),
]
