"""Fund rules beyond field types."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.catalog.chains.models import ChainNode
from services.catalog.funds.models import Fund
from services.catalog.kit.validation import require_ordered
from shared.errors import ValidationFailed


def validate(session: Session, values: dict[str, Any], fund: Fund | None) -> dict[str, Any]:
    require_ordered(values, fund, "ticket_min_yuan", "ticket_max_yuan")
    node_ids = set(values.get("focus_node_ids") or ())
    if node_ids:
        found = set(session.scalars(select(ChainNode.id).where(ChainNode.id.in_(node_ids))))
        missing = sorted(node_ids - found)
        if missing:
            raise ValidationFailed.field("body.focus_node_ids", f"chain node {missing[0]} does not exist")
    return values
