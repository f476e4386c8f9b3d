"""Tenancy rules: a physical tenancy sits in a carrier of its own park, and never in a virtual park; a
tenancy moved to another park by hand is the mover's placement, no longer the locator's."""

from typing import Any

from sqlalchemy.orm import Session

from services.catalog.carriers.models import Carrier
from services.catalog.kit.validation import value_after
from services.catalog.parks.models import Park
from services.catalog.tenancies.models import Tenancy
from services.catalog.tenancies.schemas import ReviewStatus, TenancyKind, TenancyPlacement
from shared.errors import ValidationFailed


def validate(session: Session, values: dict[str, Any], tenancy: Tenancy | None) -> dict[str, Any]:
    if tenancy is not None and values.get("park_id", tenancy.park_id) != tenancy.park_id:
        values = {
            **values,
            "placement_source": TenancyPlacement.officer,
            "confidence": None,
            "address": None,
            "review_status": ReviewStatus.unreviewed,
        }
    park_id = value_after(values, tenancy, "park_id")
    carrier_id = value_after(values, tenancy, "carrier_id")
    kind = value_after(values, tenancy, "kind")
    if kind == TenancyKind.virtual:
        if carrier_id is not None:
            raise ValidationFailed.field("body.carrier_id", "a virtual tenancy has no carrier")
        return values
    park = session.get(Park, park_id)
    if park is not None and park.is_virtual:
        raise ValidationFailed.field("body.kind", f"park {park_id} is a virtual park: only virtual tenancies")
    carrier = session.get(Carrier, carrier_id) if carrier_id is not None else None
    if carrier is not None and carrier.park_id != park_id:
        raise ValidationFailed.field(
            "body.carrier_id", f"carrier {carrier_id} belongs to park {carrier.park_id}, not park {park_id}"
        )
    return values
