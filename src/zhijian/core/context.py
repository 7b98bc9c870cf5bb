"""Request context: who is acting and under which request id, for audit entries and jobs alike."""

from __future__ import annotations

import contextvars
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse


@dataclass(frozen=True)
class ActingContext:
    user: Any = None
    request_id: str = ""
    source: str = "system"  # ui, api, job, command, system


_NOBODY = ActingContext()
_current: contextvars.ContextVar[ActingContext] = contextvars.ContextVar("zhijian_acting_context")


def _get() -> ActingContext:
    return _current.get(_NOBODY)


def current() -> ActingContext:
    return _get()


@contextmanager
def acting(user: Any = None, *, source: str | None = None, request_id: str | None = None) -> Iterator[None]:
    """Set the acting user (and a request id) for everything done inside the block."""
    outer = _get()
    token = _current.set(
        ActingContext(
            user=user if user is not None else outer.user,
            request_id=request_id or outer.request_id or uuid.uuid4().hex,
            source=source or outer.source,
        )
    )
    try:
        yield
    finally:
        _current.reset(token)


class RequestContextMiddleware:
    """Give every request an id (echoed in X-Request-ID) and expose the user to services."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request.headers.get("X-Request-ID", "")[:64] or uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        source = "api" if request.path.startswith("/api/") else "ui"
        user = request.user if getattr(request, "user", None) and request.user.is_authenticated else None
        token = _current.set(ActingContext(user=user, request_id=request_id, source=source))
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response["X-Request-ID"] = request_id
        return response


class ChineseFirstMiddleware:
    """Chinese unless the user chose English with the switch: the browser's Accept-Language is
    ignored, so an English-language browser on a government desk still gets the Chinese UI."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Template context: the left menu tree for the user's role."""
    from zhijian.core.menu import menu_for

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": []}
    return {"menu": menu_for(user, request.path)}
