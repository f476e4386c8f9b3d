from typing import ClassVar

from sqlalchemy import Select, or_

from services.catalog.funds.models import Fund
from services.catalog.funds.schemas import FundFilters
from services.catalog.kit.filters import json_list_contains, json_list_mentions, text_matches
from services.catalog.kit.ownership import SelfManagedRepository
from shared.principal import Role


class FundRepository(SelfManagedRepository[Fund]):
    model = Fund
    owner_role = Role.fund
    owner_claim = "fund_id"
    sortable: ClassVar[dict[str, str]] = {
        "name": "name",
        "size_yuan": "size_yuan",
        "ticket_min_yuan": "ticket_min_yuan",
        "ticket_max_yuan": "ticket_max_yuan",
    }

    def apply_filters(self, statement: Select[Fund], filters: FundFilters) -> Select[Fund]:
        if filters.q:
            statement = statement.where(text_matches([Fund.name, Fund.manager], filters.q))
        if filters.region:
            statement = statement.where(json_list_mentions(Fund.regions, filters.region))
        if filters.stage:
            statement = statement.where(json_list_contains(Fund.stages, filters.stage))
        if filters.industry:
            statement = statement.where(json_list_mentions(Fund.focus_industries, filters.industry))
        if filters.ticket_yuan is not None:
            statement = statement.where(
                or_(Fund.ticket_min_yuan.is_(None), Fund.ticket_min_yuan <= filters.ticket_yuan),
                or_(Fund.ticket_max_yuan.is_(None), Fund.ticket_max_yuan >= filters.ticket_yuan),
            )
        if filters.node_id:
            statement = statement.where(json_list_contains(Fund.focus_node_ids, filters.node_id))
        if filters.park_id:
            statement = statement.where(Fund.park_id == filters.park_id)
        return statement
