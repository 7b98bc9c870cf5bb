"""Subscriptions: matching, inbox, and signed webhooks to a real local HTTP server with retries."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from tests.risk.test_services import _red_warning
from zhijian.risk import services, subscriptions
from zhijian.risk.models import Delivery, InboxItem


class Receiver:
    def __init__(self, statuses):
        self.statuses = list(statuses)
        self.requests = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                code = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(code)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver([500])  # the first attempt fails, the retry succeeds
    yield r
    r.close()


def test_webhook_is_signed_retried_and_logged(registry, people, receiver, django_capture_on_commit_callbacks):
    sub = services.subscription_create(acting_user=people["pingtai"], name="电吹风", categories=["103"],
                                       webhook_url=receiver.url)
    other = services.subscription_create(acting_user=people["qiye"], name="玩具", categories=["玩具"])
    _s, _a, w = _red_warning(people, registry)
    with django_capture_on_commit_callbacks(execute=True):
        services.warning_publish(acting_user=people["sheng"], warning=w)
    delivery = Delivery.objects.get(subscription=sub, warning=w)
    # immediate backend: the first attempt ran on commit and got 500; the deferred retry is pending
    assert delivery.attempts == 1 and delivery.status == "pending" and delivery.last_status_code == 500
    assert delivery.next_attempt_at is not None
    assert subscriptions.retry_due(now=delivery.next_attempt_at) == 1
    delivery.refresh_from_db()
    assert delivery.status == "delivered" and delivery.attempts == 2 and len(delivery.log) == 2
    headers, body = receiver.requests[-1]
    assert subscriptions.verify(sub.secret, headers["X-Zhijian-Timestamp"], body, headers["X-Zhijian-Signature"])
    assert not subscriptions.verify("wrong", headers["X-Zhijian-Timestamp"], body, headers["X-Zhijian-Signature"])
    assert json.loads(body)["warning"]["title"] == w.title
    assert InboxItem.objects.filter(organisation=people["pingtai"].organisation, warning=w).count() == 1
    assert not InboxItem.objects.filter(organisation=other.organisation, warning=w).exists()


def test_unreachable_webhook_gives_up_after_max_attempts(registry, people, django_capture_on_commit_callbacks):
    sub = services.subscription_create(acting_user=people["pingtai"], name="GTIN", brands=["秦风"],
                                       webhook_url="http://127.0.0.1:9/none")
    _s, _a, w = _red_warning(people, registry)
    with django_capture_on_commit_callbacks(execute=True):
        services.warning_publish(acting_user=people["sheng"], warning=w)
    delivery = Delivery.objects.get(subscription=sub)
    for _ in range(subscriptions.MAX_ATTEMPTS):
        subscriptions.attempt(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == "failed" and delivery.attempts == subscriptions.MAX_ATTEMPTS and delivery.last_error


def test_subscription_validation_and_ownership(registry, people):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(ValidationError):
        services.subscription_create(acting_user=people["pingtai"], name="空")
    with pytest.raises(ValidationError):
        services.subscription_create(acting_user=people["pingtai"], name="x", gtins=["123"])
    with pytest.raises(PermissionDenied):
        services.subscription_create(acting_user=people["pingtai"], name="x", brands=["a"],
                                     organisation=people["qiye"].organisation)
    sub = services.subscription_create(acting_user=people["pingtai"], name="x", brands=["a"])
    with pytest.raises(PermissionDenied):
        services.subscription_update(acting_user=people["qiye"], instance=sub, brands=["b"])
