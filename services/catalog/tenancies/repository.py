from typing import ClassVar

from sqlalchemy import ColumnElement, Select, and_

from services.catalog.kit.ownership import ParkScopedRepository
from services.catalog.tenancies.models import Tenancy
from services.catalog.tenancies.schemas import ReviewStatus, TenancyFilters, TenancyStatus


class TenancyRepository(ParkScopedRepository[Tenancy]):
    model = Tenancy
    sortable: ClassVar[dict[str, str]] = {
        "since": "since",
        "area_m2": "area_m2",
        "status": "status",
        "confidence": "confidence",
    }

    def apply_filters(self, statement: Select[Tenancy], filters: TenancyFilters) -> Select[Tenancy]:
        if filters.park_id:
            statement = statement.where(Tenancy.park_id == filters.park_id)
        if filters.company_id:
            statement = statement.where(Tenancy.company_id == filters.company_id)
        if filters.carrier_id:
            statement = statement.where(Tenancy.carrier_id == filters.carrier_id)
        if filters.status:
            statement = statement.where(Tenancy.status == filters.status)
        if filters.kind:
            statement = statement.where(Tenancy.kind == filters.kind)
        if filters.placement_source:
            statement = statement.where(Tenancy.placement_source == filters.placement_source)
        if filters.review_status:
            statement = statement.where(Tenancy.review_status == filters.review_status)
        return statement


def makes_tenant() -> ColumnElement[bool]:
    """A tenancy that makes its company a tenant of its park: active or planned, and not rejected by
    the park's officers (as the match service counts tenants)."""
    return and_(
        Tenancy.status.in_((TenancyStatus.active, TenancyStatus.planned)),
        Tenancy.review_status != ReviewStatus.rejected,
    )
