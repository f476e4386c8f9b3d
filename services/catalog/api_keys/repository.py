from typing import ClassVar

from sqlalchemy import Select, false

from services.catalog.api_keys.models import ApiKey
from services.catalog.api_keys.schemas import ApiKeyFilters
from services.catalog.kit.filters import json_list_contains, text_matches
from services.catalog.kit.repository import Repository
from shared.principal import Role


class ApiKeyRepository(Repository[ApiKey]):
    """Only admins see and manage keys (the default check_write lets only admins write)."""

    model = ApiKey
    sortable: ClassVar[dict[str, str]] = {"name": "name", "role": "role", "created_at": "created_at"}

    def base_statement(self) -> Select[ApiKey]:
        statement = super().base_statement()
        return statement if self.principal.role is Role.admin else statement.where(false())

    def apply_filters(self, statement: Select[ApiKey], filters: ApiKeyFilters) -> Select[ApiKey]:
        if filters.q:
            statement = statement.where(text_matches([ApiKey.name], filters.q))
        if filters.role:
            statement = statement.where(ApiKey.role == filters.role)
        if filters.revoked is not None:
            revoked = ApiKey.revoked_at.is_not(None)
            statement = statement.where(revoked if filters.revoked else ~revoked)
        if filters.park_id:
            statement = statement.where(json_list_contains(ApiKey.park_ids, filters.park_id))
        return statement
