from dataclasses import dataclass

import pytest

from zhijian.core.workflow import Transition, TransitionNotAllowed, Workflow


@dataclass
class Case:
    status: str
    owner: str = "xian"


WORKFLOW = Workflow("status", [
    Transition("submit", ("draft",), "submitted", label="提交"),
    Transition("approve", ("submitted",), "approved", label="批准", allowed=lambda user, obj: user == "sheng"),
    Transition("reject", ("submitted",), "draft", label="退回"),
])


def test_declared_transition_moves_state():
    case = Case("draft")
    assert WORKFLOW.apply(case, "submit", "xian") == ("draft", "submitted")
    assert case.status == "submitted"


def test_transition_from_wrong_state_is_refused_with_both_languages():
    case = Case("draft")
    with pytest.raises(TransitionNotAllowed) as exc:
        WORKFLOW.apply(case, "approve", "sheng")
    assert exc.value.zh and "not allowed" in exc.value.en
    assert case.status == "draft"


def test_who_may_is_checked():
    case = Case("submitted")
    with pytest.raises(TransitionNotAllowed):
        WORKFLOW.apply(case, "approve", "xian")
    assert [t.name for t in WORKFLOW.available(case, "xian")] == ["reject"]
    assert {t.name for t in WORKFLOW.available(case, "sheng")} == {"approve", "reject"}


def test_unknown_transition():
    with pytest.raises(TransitionNotAllowed):
        WORKFLOW.check(Case("draft"), "teleport", "sheng")
