from sqlalchemy import JSON, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from services.catalog.kit.models import ADMIN_ONLY, Entity


class Provider(Entity):
    """A service provider (服务机构): legal, IP, finance, HR, testing, pilot plant, consulting..."""

    __tablename__ = "provider"
    entity_name = "provider"

    name: Mapped[str] = mapped_column(String(200), nullable=False, index=True)
    category: Mapped[str] = mapped_column(String(24), nullable=False, index=True)
    regions: Mapped[list[str]] = mapped_column(JSON, default=list, nullable=False)
    industries: Mapped[list[str]] = mapped_column(JSON, default=list, nullable=False)
    services: Mapped[list[str]] = mapped_column(JSON, default=list, nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    # Saying a park hosts you is the park's claim to make, not the provider's: an admin records it.
    park_id: Mapped[int | None] = mapped_column(
        ForeignKey("park.id", ondelete="SET NULL"), index=True, info=ADMIN_ONLY
    )
    # A registered qualification (e.g. an EIA agency's 甲级/乙级 certificate, valid as of `as_of`).
    certificate_level: Mapped[str | None] = mapped_column(String(16))
    certificate_no: Mapped[str | None] = mapped_column(String(32))
    address: Mapped[str | None] = mapped_column(String(300))
    # Baidu BD-09 point of the address: convert before drawing in WGS-84 or GCJ-02.
    lng_bd09: Mapped[float | None] = mapped_column(Float)
    lat_bd09: Mapped[float | None] = mapped_column(Float)
    # What a reader of the record should know (a certificate system since abolished, a doubtful name...).
    data_notes: Mapped[list[str]] = mapped_column(JSON, default=list, nullable=False)
