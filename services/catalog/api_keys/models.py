from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from services.catalog.kit.models import Entity, UtcDateTime


class ApiKey(Entity):
    """A caller's credential, `pm_<public_id>_<secret>`: a role and the objects it acts for.

    Only the SHA-256 of the secret is stored; the key itself is shown once, when it is made.
    """

    __tablename__ = "api_key"
    entity_name = "api_key"

    public_id: Mapped[str] = mapped_column(String(16), unique=True, nullable=False)
    secret_hash: Mapped[str] = mapped_column(String(64), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    role: Mapped[str] = mapped_column(String(16), nullable=False, index=True)
    # The scope: an officer's parks, or the one company, fund or provider the key acts for.
    park_ids: Mapped[list[int]] = mapped_column(JSON, default=list, nullable=False)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    fund_id: Mapped[int | None] = mapped_column(ForeignKey("fund.id", ondelete="CASCADE"), index=True)
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("provider.id", ondelete="CASCADE"), index=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
