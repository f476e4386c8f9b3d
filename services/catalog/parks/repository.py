from typing import Any, ClassVar

from sqlalchemy import Select

from services.catalog.kit.filters import json_list_mentions, text_matches
from services.catalog.kit.repository import Repository
from services.catalog.locator.divisions import short_name
from services.catalog.parks.models import Park
from services.catalog.parks.schemas import ParkFilters
from shared.errors import Forbidden
from shared.principal import Role


class ParkRepository(Repository[Park]):
    model = Park
    sortable: ClassVar[dict[str, str]] = {
        "name": "name",
        "province": "province",
        "city": "city",
        "county": "county",
        "approved_on": "approved_on",
        "approved_area_ha": "approved_area_ha",
        "code": "code",
    }

    def check_write(self, obj: Park | None, values: dict[str, Any]) -> None:
        # Officers keep their own parks' records up to date; only admins add or remove parks.
        if obj is not None and self.principal.role is Role.officer and not values.keys() & {"code"}:
            if obj.id not in self.principal.park_ids:
                raise Forbidden(f"park {obj.id} is not one of your parks")
            return
        self.require_role(Role.admin)

    def check_delete(self, obj: Park) -> None:
        self.require_role(Role.admin)

    def apply_filters(self, statement: Select[Park], filters: ParkFilters) -> Select[Park]:
        if filters.q:
            statement = statement.where(text_matches([Park.name, Park.aliases, Park.code], filters.q))
        if filters.province:
            statement = statement.where(Park.province.startswith(filters.province))
        # 苏州 and 苏州市 name the same city; 昆山 and 昆山市 the same county.
        if filters.city:
            statement = statement.where(Park.city.startswith(short_name(filters.city)))
        if filters.county:
            statement = statement.where(Park.county.startswith(short_name(filters.county)))
        if filters.zone_type:
            statement = statement.where(Park.zone_type == filters.zone_type)
        if filters.approval_level:
            statement = statement.where(Park.approval_level == filters.approval_level)
        if filters.industry:
            statement = statement.where(json_list_mentions(Park.leading_industries, filters.industry))
        if filters.is_virtual is not None:
            statement = statement.where(Park.is_virtual == filters.is_virtual)
        if filters.parent_id:
            statement = statement.where(Park.parent_id == filters.parent_id)
        return statement
