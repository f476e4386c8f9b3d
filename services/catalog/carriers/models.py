from datetime import date

from sqlalchemy import JSON, Date, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from services.catalog.kit.models import Entity


class Carrier(Entity):
    """A space a park offers (载体): office, standard factory, incubator, lab, land parcel, virtual seat."""

    __tablename__ = "carrier"
    entity_name = "carrier"

    park_id: Mapped[int] = mapped_column(
        ForeignKey("park.id", ondelete="CASCADE"), nullable=False, index=True
    )
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    kind: Mapped[str] = mapped_column(String(24), nullable=False, index=True)
    total_area_m2: Mapped[float | None] = mapped_column(Float)
    available_area_m2: Mapped[float | None] = mapped_column(Float, index=True)
    rent_yuan_m2_month: Mapped[float | None] = mapped_column(Float)
    land_price_yuan_m2: Mapped[float | None] = mapped_column(Float)  # a land parcel's price, paid once
    min_lease_months: Mapped[int | None] = mapped_column(Integer)
    floor_load_kn_m2: Mapped[float | None] = mapped_column(Float)
    power_capacity_kva: Mapped[float | None] = mapped_column(Float)
    clean_room_grade: Mapped[str | None] = mapped_column(String(32))
    available_from: Mapped[date | None] = mapped_column(Date)
    amenities: Mapped[list[str]] = mapped_column(JSON, default=list, nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
