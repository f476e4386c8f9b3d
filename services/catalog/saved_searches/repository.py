from typing import Any, ClassVar

from sqlalchemy import Select, false

from services.catalog.kit.filters import text_matches
from services.catalog.kit.repository import Repository
from services.catalog.saved_searches.models import SavedSearch
from services.catalog.saved_searches.schemas import SavedSearchFilters
from shared.errors import Forbidden
from shared.principal import Role


class SavedSearchRepository(Repository[SavedSearch]):
    """A saved search belongs to the API key that made it; admins see every one."""

    model = SavedSearch
    sortable: ClassVar[dict[str, str]] = {
        "name": "name",
        "created_at": "created_at",
        "last_checked_at": "last_checked_at",
    }

    def base_statement(self) -> Select[SavedSearch]:
        statement = super().base_statement()
        if self.principal.role is Role.admin:
            return statement
        if self.principal.key_id is None:
            return statement.where(false())
        return statement.where(SavedSearch.owner_key_id == self.principal.key_id)

    def check_write(self, obj: SavedSearch | None, values: dict[str, Any]) -> None:
        self.require_role(Role.admin, Role.officer, Role.enterprise, Role.fund, Role.provider)
        if self.principal.key_id is None:
            raise Forbidden("saved searches belong to an API key; this caller has none")
        if obj is not None and obj.owner_key_id != self.principal.key_id and not self.principal.is_admin:
            raise Forbidden(f"saved search {obj.id} is not yours")

    def apply_filters(
        self, statement: Select[SavedSearch], filters: SavedSearchFilters
    ) -> Select[SavedSearch]:
        if filters.q:
            statement = statement.where(text_matches([SavedSearch.name], filters.q))
        if filters.kind:
            statement = statement.where(SavedSearch.kind == filters.kind)
        if filters.owner_key_id:
            statement = statement.where(SavedSearch.owner_key_id == filters.owner_key_id)
        return statement

    def create(self, values: dict[str, Any]) -> SavedSearch:
        return super().create({**values, "owner_key_id": self.principal.key_id})
