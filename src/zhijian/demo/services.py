"""Building the demo province. The loader itself lives in demo/province.py."""

from __future__ import annotations


def demo_is_loaded() -> bool:
    """True once a `demo.load` event is in the (append-only) audit log: the load runs in one
    transaction that ends with that event, so a half-loaded province cannot exist."""
    from zhijian.audit.models import AuditEntry

    return AuditEntry.objects.filter(action="demo.load").exists()
