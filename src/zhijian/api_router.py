"""One DRF router for /api/v1/; each app registers its viewsets in its api.py `register(router)`."""

from importlib import import_module

from rest_framework.routers import DefaultRouter

router = DefaultRouter()
router.include_format_suffixes = False

for _app in ("core", "accounts", "registry", "standards", "agencies", "audit"):
    _module = import_module(f"zhijian.{_app}.api")
    _module.register(router)
