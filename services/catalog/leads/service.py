"""The lead pipeline: identified → contacted → visited → negotiating → signed → landed, or lost.

A lead moves only along the allowed transitions; a lost lead carries its reason and may be reopened.
"""

from typing import Any

from services.catalog.kit.models import utcnow
from services.catalog.kit.validation import value_after
from services.catalog.leads.models import Lead
from services.catalog.leads.schemas import LeadStage
from shared.errors import ValidationFailed

S = LeadStage
TRANSITIONS: dict[LeadStage, frozenset[LeadStage]] = {
    S.identified: frozenset({S.contacted, S.lost}),
    S.contacted: frozenset({S.visited, S.negotiating, S.lost}),
    S.visited: frozenset({S.negotiating, S.lost}),
    S.negotiating: frozenset({S.signed, S.lost}),
    S.signed: frozenset({S.landed, S.lost}),
    S.landed: frozenset(),
    S.lost: frozenset({S.identified}),  # reopened
}


def check_move(current: LeadStage, target: LeadStage) -> None:
    if target == current or target in TRANSITIONS[current]:
        return
    allowed = ", ".join(sorted(TRANSITIONS[current])) or "none (final stage)"
    raise ValidationFailed.field(
        "body.stage", f"a lead cannot move from {current} to {target}; allowed: {allowed}"
    )


def validate(_: Any, values: dict[str, Any], lead: Lead | None) -> dict[str, Any]:
    """Stage rules: allowed moves only; a lost lead has a reason and only a lost lead has one."""
    stage = LeadStage(value_after(values, lead, "stage") or LeadStage.identified)
    if lead is not None and stage != lead.stage:
        check_move(LeadStage(lead.stage), stage)
        values["stage_changed_at"] = utcnow()
        if lead.stage == LeadStage.lost and "lost_reason" not in values:
            values["lost_reason"] = None  # reopened: the old reason no longer holds
    reason = value_after(values, lead, "lost_reason")
    if stage == LeadStage.lost and not reason:
        raise ValidationFailed.field("body.lost_reason", "a lost lead needs the reason it was lost")
    if stage != LeadStage.lost and reason:
        raise ValidationFailed.field(
            "body.lost_reason", f"only a lost lead has a reason; this one is {stage}"
        )
    return values
