from typing import ClassVar

from sqlalchemy import Select

from services.catalog.kit.filters import json_list_mentions, text_matches
from services.catalog.kit.ownership import SelfManagedRepository
from services.catalog.providers.models import Provider
from services.catalog.providers.schemas import ProviderFilters
from shared.principal import Role


class ProviderRepository(SelfManagedRepository[Provider]):
    model = Provider
    owner_role = Role.provider
    owner_claim = "provider_id"
    sortable: ClassVar[dict[str, str]] = {"name": "name", "category": "category"}

    def apply_filters(self, statement: Select[Provider], filters: ProviderFilters) -> Select[Provider]:
        if filters.q:
            statement = statement.where(text_matches([Provider.name, Provider.services], filters.q))
        if filters.category:
            statement = statement.where(Provider.category == filters.category)
        if filters.region:
            statement = statement.where(json_list_mentions(Provider.regions, filters.region))
        if filters.industry:
            statement = statement.where(json_list_mentions(Provider.industries, filters.industry))
        if filters.park_id:
            statement = statement.where(Provider.park_id == filters.park_id)
        return statement
