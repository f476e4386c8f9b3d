from datetime import date

from sqlalchemy import Date, Float, ForeignKey, String
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
