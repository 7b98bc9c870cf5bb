"""One DRF router for /api/v1/; each app registers its viewsets in its api.py `register(router)`."""

from importlib import import_module
from importlib.util import find_spec

from rest_framework.routers import DefaultRouter

router = DefaultRouter()
router.include_format_suffixes = False

APPS = ("core", "accounts", "registry", "standards", "agencies", "audit",
        "draws", "spotchecks", "licensing", "risk", "portal")

for _app in APPS:
    if find_spec(f"zhijian.{_app}.api") is not None:  # an app may have pages only
        import_module(f"zhijian.{_app}.api").register(router)
