"""Explicit state machines: declared transitions, who may make each, and the history they leave.

An app declares a Workflow over its status choices; services call `workflow.check(...)` before
changing state and `transition(...)` does the change, the history row and the audit event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _


class TransitionNotAllowed(Exception):
    def __init__(self, zh: str, en: str):
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en


@dataclass(frozen=True)
class Transition:
    name: str
    source: tuple[str, ...]
    target: str
    label: str = ""
    allowed: Callable[[Any, Any], bool] = field(default=lambda user, obj: True)
    deadline_days: int | None = None
    deadline_kind: str = "calendar"


class Workflow:
    def __init__(self, field_name: str, transitions: Iterable[Transition]):
        self.field_name = field_name
        self.transitions = {t.name: t for t in transitions}

    def available(self, obj: Any, user: Any) -> list[Transition]:
        state = getattr(obj, self.field_name)
        return [t for t in self.transitions.values() if state in t.source and t.allowed(user, obj)]

    def check(self, obj: Any, name: str, user: Any) -> Transition:
        transition = self.transitions.get(name)
        if transition is None:
            raise TransitionNotAllowed(f"未知的操作 {name}", f"unknown transition {name}")
        state = getattr(obj, self.field_name)
        if state not in transition.source:
            raise TransitionNotAllowed(
                _("当前状态“%(state)s”不能执行“%(name)s”") % {"state": state, "name": transition.label or name},
                f"transition {name} is not allowed from state {state}",
            )
        if not transition.allowed(user, obj):
            raise TransitionNotAllowed(_("您无权执行此操作"), f"user may not perform {name}")
        return transition

    def apply(self, obj: Any, name: str, user: Any) -> tuple[str, str]:
        """Move obj to the transition's target; returns (old, new). The caller saves and audits."""
        transition = self.check(obj, name, user)
        old = getattr(obj, self.field_name)
        obj.__dict__[self.field_name] = transition.target
        return old, transition.target
