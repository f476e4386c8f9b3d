from datetime import date

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from services.catalog.kit.models import ADMIN_ONLY, Entity


class Park(Entity):
    """An industrial park or development zone (园区/开发区); a sub-park has a parent (一区多园)."""

    __tablename__ = "park"
    __table_args__ = (
        Index("ix_park_province_zone_type", "province", "zone_type"),
        Index("ix_park_city_code", "city_code"),
        Index("ix_park_county_code", "county_code"),
    )
    entity_name = "park"

    code: Mapped[str] = mapped_column(String(32), unique=True, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list, nullable=False)
    zone_type: Mapped[str] = mapped_column(String(32), nullable=False)
    approval_level: Mapped[str] = mapped_column(String(16), nullable=False, info=ADMIN_ONLY)
    # Administrative divisions (services/catalog/locator/divisions.py), each with its 6-digit adcode:
    # the province, the prefecture-level city (苏州市 for 昆山) and the county or district (昆山市).
    province: Mapped[str] = mapped_column(String(16), nullable=False)
    province_code: Mapped[str | None] = mapped_column(String(6))
    city: Mapped[str | None] = mapped_column(String(64))
    city_code: Mapped[str | None] = mapped_column(String(6))
    county: Mapped[str | None] = mapped_column(String(64))
    county_code: Mapped[str | None] = mapped_column(String(6))
    approved_on: Mapped[date | None] = mapped_column(Date)
    approved_area_ha: Mapped[float | None] = mapped_column(Float)
    leading_industries: Mapped[list[str]] = mapped_column(JSON, default=list, nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("park.id", ondelete="SET NULL"), index=True, info=ADMIN_ONLY
    )
    is_virtual: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False, info=ADMIN_ONLY)
    longitude: Mapped[float | None] = mapped_column(Float)
    latitude: Mapped[float | None] = mapped_column(Float)
    coordinate_quality: Mapped[str] = mapped_column(String(24), default="unknown", nullable=False)
    # Faults found in the source record, kept visible (e.g. "two approval dates in source: ...").
    data_notes: Mapped[list[str]] = mapped_column(JSON, default=list, nullable=False)
