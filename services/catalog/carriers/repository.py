from typing import ClassVar

from sqlalchemy import Select, select

from services.catalog.carriers.models import Carrier
from services.catalog.carriers.schemas import CarrierFilters
from services.catalog.kit.filters import text_matches
from services.catalog.kit.ownership import ParkScopedRepository
from services.catalog.parks.models import Park


class CarrierRepository(ParkScopedRepository[Carrier]):
    model = Carrier
    sortable: ClassVar[dict[str, str]] = {
        "name": "name",
        "total_area_m2": "total_area_m2",
        "available_area_m2": "available_area_m2",
        "rent_yuan_m2_month": "rent_yuan_m2_month",
        "available_from": "available_from",
    }

    def apply_filters(self, statement: Select[Carrier], filters: CarrierFilters) -> Select[Carrier]:
        if filters.q:
            statement = statement.where(text_matches([Carrier.name], filters.q))
        if filters.park_id:
            statement = statement.where(Carrier.park_id == filters.park_id)
        if filters.kind:
            statement = statement.where(Carrier.kind == filters.kind)
        if filters.province:
            parks = select(Park.id).where(Park.province.startswith(filters.province))
            statement = statement.where(Carrier.park_id.in_(parks))
        if filters.min_available_area_m2 is not None:
            statement = statement.where(Carrier.available_area_m2 >= filters.min_available_area_m2)
        if filters.max_rent is not None:
            statement = statement.where(Carrier.rent_yuan_m2_month <= filters.max_rent)
        return statement
