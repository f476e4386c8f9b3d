from datetime import date
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from services.catalog.kit.models import Entity


class Policy(Entity):
    """A benefit offered by a government or a park (园区政策), with machine-readable conditions."""

    __tablename__ = "policy"
    entity_name = "policy"

    # national|province|city|county|park
    scope: Mapped[str] = mapped_column(String(16), nullable=False, index=True)
    province: Mapped[str | None] = mapped_column(String(16), index=True)
    city: Mapped[str | None] = mapped_column(String(64))
    county: Mapped[str | None] = mapped_column(String(64))
    park_id: Mapped[int | None] = mapped_column(ForeignKey("park.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300), nullable=False)
    issuer: Mapped[str | None] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(24), nullable=False, index=True)
    target_industries: Mapped[list[str]] = mapped_column(JSON, default=list, nullable=False)
    target_node_ids: Mapped[list[int]] = mapped_column(JSON, default=list, nullable=False)
    # [{"field": "registered_capital_yuan", "op": ">=", "value": 5000000}, ...]; all must hold.
    conditions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list, nullable=False)
    # {"kind": "fixed"|"percentage"|"per_m2"|"rent_free_months", "amount"|"rate"|"base"|"months", "cap",
    #  stacking: "offsets" (rent|land), "max_share_of_cost", "exclusive_group"}
    benefit: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    full_text: Mapped[str | None] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(String(500))
