"""Matching published warnings to subscriptions, the in-app inbox, and signed webhook delivery.

A webhook is a POST of the warning as JSON with headers
  X-Zhijian-Event: warning.published
  X-Zhijian-Delivery: <delivery id>
  X-Zhijian-Timestamp: <unix seconds>
  X-Zhijian-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>." + body, keyed by the subscription secret>
Any 2xx answer is a success; otherwise the delivery is retried with exponential back-off
(1, 2, 4, 8, 16 minutes ...) up to MAX_ATTEMPTS, each attempt written to the delivery log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhijian.audit.services import audited_save
from zhijian.risk.choices import DeliveryStatus
from zhijian.risk.models import Delivery, InboxItem, Subscription, Warning

MAX_ATTEMPTS = 6
BACKOFF_SECONDS = 60
TIMEOUT_SECONDS = 10


def warning_payload(warning: Warning) -> dict[str, Any]:
    return {
        "id": warning.pk, "title": warning.title, "kind": warning.kind, "level": warning.level,
        "risk_level": warning.risk_level, "summary": warning.summary, "consumer_advice": warning.consumer_advice,
        "scope": warning.scope, "measures": warning.measures, "issuer": warning.issuer.name,
        "published_at": warning.published_at.isoformat() if warning.published_at else None,
        "public": warning.public,
    }


def _identity(warning: Warning) -> dict[str, set[str]]:
    scope = warning.scope or {}
    categories = {str(c) for c in scope.get("categories") or []}
    brands = {str(b).lower() for b in scope.get("brands") or []}
    gtins = set(scope.get("gtins") or [])
    usccs: set[str] = set()
    for source in (warning.assessment, warning.signal):
        product = getattr(source, "product", None)
        if product is not None:
            categories |= {product.category.name, product.category.code}
            if product.brand_id:
                brands.add(product.brand.name.lower())
            gtins |= set(product.gtins or [])
            usccs.add(product.enterprise.uscc)
    if warning.signal is not None and warning.signal.uscc:
        usccs.add(warning.signal.uscc)
    return {"categories": categories, "brands": brands, "gtins": gtins, "usccs": usccs}


def matches(sub: Subscription, ident: dict[str, set[str]]) -> bool:
    for wanted in sub.categories:
        if any(c == wanted or (wanted[:1].isdigit() and c.startswith(wanted)) for c in ident["categories"]):
            return True
    if {b.lower() for b in sub.brands} & ident["brands"]:
        return True
    if set(sub.gtins) & ident["gtins"]:
        return True
    return bool(set(sub.usccs) & ident["usccs"])


def dispatch_warning(warning: Warning, *, acting_user: Any = None) -> list[Delivery]:
    """Inbox items and webhook deliveries for every active subscription the warning matches."""
    ident = _identity(warning)
    deliveries = []
    inboxed = set(InboxItem.objects.filter(warning=warning).values_list("organisation_id", flat=True))
    for sub in Subscription.objects.filter(active=True).select_related("organisation"):
        if not matches(sub, ident):
            continue
        if sub.inbox and sub.organisation_id not in inboxed:
            audited_save(InboxItem(organisation=sub.organisation, warning=warning,
                                   subject=f"【订阅】{warning.title}"[:300]), acting_user=acting_user)
            inboxed.add(sub.organisation_id)
        if sub.webhook_url and not Delivery.objects.filter(subscription=sub, warning=warning).exists():
            delivery = audited_save(Delivery(subscription=sub, warning=warning, next_attempt_at=timezone.now()),
                                    acting_user=acting_user)
            deliveries.append(delivery)
            transaction.on_commit(lambda pk=delivery.pk: _enqueue(pk))
    return deliveries


def _enqueue(delivery_id: int, run_after: dt.datetime | None = None) -> None:
    from zhijian.risk.tasks import deliver_webhook

    task = deliver_webhook
    if run_after is not None:
        try:
            task = task.using(run_after=run_after)
            task.enqueue(delivery_id)
            return
        except Exception:  # a backend without deferral: `zhijian risk_deliveries` picks it up when due
            return
    task.enqueue(delivery_id)


def sign(secret: str, timestamp: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def verify(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    """What a receiver does: recompute and compare in constant time."""
    return hmac.compare_digest(sign(secret, timestamp, body), signature)


def attempt(delivery_id: int, *, now: dt.datetime | None = None) -> Delivery:
    """One delivery attempt; idempotent for a delivered or finally failed delivery."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().select_related("subscription", "warning__issuer").get(
            pk=delivery_id)
        if delivery.status != DeliveryStatus.PENDING:
            return delivery
        sub = delivery.subscription
        body = json.dumps({"event": "warning.published", "warning": warning_payload(delivery.warning)},
                          ensure_ascii=False, sort_keys=True).encode("utf-8")
    timestamp = str(int(time.time()))
    request = urllib.request.Request(sub.webhook_url, data=body, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "zhijian-webhook/1",
        "X-Zhijian-Event": "warning.published",
        "X-Zhijian-Delivery": str(delivery.pk),
        "X-Zhijian-Timestamp": timestamp,
        "X-Zhijian-Signature": sign(sub.secret, timestamp, body),
    })
    code, error = None, ""
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            code = response.status
    except urllib.error.HTTPError as exc:
        code, error = exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValueError) as exc:
        error = str(getattr(exc, "reason", exc))[:300]
    now = now or timezone.now()
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
        delivery.attempts += 1
        delivery.last_status_code = code
        delivery.last_error = error
        delivery.log = [*delivery.log, {"at": now.isoformat(), "status": code, "error": error}]
        retry_at = None
        if code is not None and 200 <= code < 300:
            delivery.status = DeliveryStatus.DELIVERED
            delivery.delivered_at = now
            delivery.next_attempt_at = None
        elif delivery.attempts >= MAX_ATTEMPTS:
            delivery.status = DeliveryStatus.FAILED
            delivery.next_attempt_at = None
        else:
            retry_at = now + dt.timedelta(seconds=BACKOFF_SECONDS * 2 ** (delivery.attempts - 1))
            delivery.next_attempt_at = retry_at
        audited_save(delivery, acting_user=None, action="attempt")
        if retry_at is not None:
            transaction.on_commit(lambda: _enqueue(delivery_id, run_after=retry_at))
    return delivery


def retry_due(now: dt.datetime | None = None) -> int:
    """Attempt every pending delivery whose time has come (for backends that cannot defer)."""
    now = now or timezone.now()
    ids = list(Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
               .values_list("pk", flat=True))
    for pk in ids:
        attempt(pk, now=now)
    return len(ids)
