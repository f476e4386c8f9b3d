"""Carrier rules beyond field types."""

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.catalog.carriers.models import Carrier
from services.catalog.kit.validation import require_ordered
from services.catalog.tenancies.models import Tenancy
from shared.errors import ValidationFailed


def validate(session: Session, values: dict[str, Any], carrier: Carrier | None) -> dict[str, Any]:
    require_ordered(values, carrier, "available_area_m2", "total_area_m2")
    if carrier is not None and values.get("park_id", carrier.park_id) != carrier.park_id:
        # A tenancy's carrier belongs to the tenancy's park; moving the carrier would break that.
        tenancies = session.scalar(select(func.count()).where(Tenancy.carrier_id == carrier.id))
        if tenancies:
            raise ValidationFailed.field(
                "body.park_id",
                f"carrier {carrier.id} is used by {tenancies} tenancies in park {carrier.park_id}; "
                "move or delete them first",
            )
    return values
