from datetime import datetime
from enum import StrEnum

from pydantic import Field

from services.catalog.kit.schemas import EntityRead
from shared.schemas import NameStr, PrimaryKey, Schema


class KeyRole(StrEnum):
    """The roles a key can carry (the `service` and `anonymous` principals have no keys)."""

    admin = "admin"
    officer = "officer"  # of one or more parks
    enterprise = "enterprise"  # of one company
    fund = "fund"  # of one fund
    provider = "provider"  # of one service provider


class KeyScope(Schema):
    role: KeyRole
    park_ids: list[PrimaryKey] = Field(default_factory=list, max_length=100, description="officer keys")
    company_id: PrimaryKey | None = Field(default=None, description="enterprise keys")
    fund_id: PrimaryKey | None = Field(default=None, description="fund keys")
    provider_id: PrimaryKey | None = Field(default=None, description="provider keys")


class ApiKeyCreate(KeyScope):
    name: NameStr = Field(description="who or what uses the key")


class ApiKeyRead(KeyScope, EntityRead):
    name: str
    public_id: str = Field(description="the part of the key between `pm_` and the secret")
    revoked_at: datetime | None = None


class ApiKeyCreated(ApiKeyRead):
    key: str = Field(description="the key itself; shown only in this answer, store it now")


class ApiKeyFilters(Schema):
    q: str | None = Field(default=None, max_length=100, description="text in the name")
    role: KeyRole | None = None
    revoked: bool | None = None
    park_id: PrimaryKey | None = Field(default=None, description="officer keys of this park")


class ApiKeyVerify(Schema):
    key: str = Field(max_length=200)


class VerifiedPrincipal(Schema):
    """The principal a valid key stands for, in the form shared.principal.Principal.from_header reads."""

    role: KeyRole
    park_ids: list[int] = Field(default_factory=list)
    company_id: int | None = None
    fund_id: int | None = None
    provider_id: int | None = None
    key_id: int
