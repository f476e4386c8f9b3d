from sqlalchemy import JSON, ForeignKey, String, Text
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
