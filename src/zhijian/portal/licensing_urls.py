"""Public licensing pages (url names are in the portal namespace)."""

from django.urls import path

from zhijian.portal import licensing

urlpatterns: list = [
    path("licences/", licensing.LicenceSearchView.as_view(), name="licence_search"),
    path("licences/verify/<str:number>/", licensing.LicenceVerifyView.as_view(), name="licence_verify"),
    path("licences/categories/", licensing.LicensedCategoriesView.as_view(), name="licence_categories"),
    path("licences/announcements/", licensing.LicenceAnnouncementsView.as_view(), name="licence_announcements"),
    path("licences/api/search.json", licensing.LicenceSearchJSON.as_view(), name="licence_search_json"),
    path("licences/api/verify/<str:number>.json", licensing.LicenceVerifyJSON.as_view(), name="licence_verify_json"),
    path("licences/api/announcements.json", licensing.AnnouncementsJSON.as_view(), name="licence_announcements_json"),
]
