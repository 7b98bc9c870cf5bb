"""Public draws pages (url names are in the portal namespace)."""

urlpatterns: list = []
