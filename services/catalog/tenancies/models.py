from datetime import date

from sqlalchemy import Date, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from services.catalog.kit.models import Entity


class Tenancy(Entity):
    """A company in a park (入驻): physical (in a carrier) or virtual registration (虚拟注册)."""

    __tablename__ = "tenancy"
    entity_name = "tenancy"

    company_id: Mapped[int] = mapped_column(
        ForeignKey("company.id", ondelete="CASCADE"), nullable=False, index=True
    )
    park_id: Mapped[int] = mapped_column(
        ForeignKey("park.id", ondelete="CASCADE"), nullable=False, index=True
    )
    carrier_id: Mapped[int | None] = mapped_column(ForeignKey("carrier.id", ondelete="SET NULL"), index=True)
    kind: Mapped[str] = mapped_column(String(16), nullable=False)  # physical | virtual
    area_m2: Mapped[float | None] = mapped_column(Float)
    since: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), nullable=False, default="active")  # planned|active|ended
    # How the company was placed in the park (TenancyPlacement): from its registered or office address
    # by the park locator, by the demo generator, or by an officer. `confidence` is the locator's (see
    # services/catalog/locator/locate.py), lowered for a registered address; `address` the one used.
    placement_source: Mapped[str] = mapped_column(
        String(24), nullable=False, default="officer", server_default="officer", index=True
    )
    confidence: Mapped[float | None] = mapped_column(Float)
    address: Mapped[str | None] = mapped_column(Text)
    # An officer of the park confirms or rejects a placement: unreviewed | confirmed | rejected.
    review_status: Mapped[str] = mapped_column(
        String(16), nullable=False, default="unreviewed", server_default="unreviewed"
    )
