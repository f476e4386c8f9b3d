from typing import ClassVar

from sqlalchemy import Select, or_, select

from services.catalog.funds.models import Fund
from services.catalog.investments.models import Investment
from services.catalog.investments.schemas import InvestmentFilters
from services.catalog.kit.ownership import OwnerScopedRepository
from services.catalog.tenancies.models import Tenancy
from services.catalog.tenancies.repository import makes_tenant


class InvestmentRepository(OwnerScopedRepository[Investment]):
    """Admins record any fund's investments; a fund's own account records its own (moving one to
    another fund is not its to do)."""

    model = Investment
    owner_field = "fund_id"
    not_yours = "fund {} is not yours"
    sortable: ClassVar[dict[str, str]] = {
        "invested_on": "invested_on",
        "amount_yuan": "amount_yuan",
        "share_pct": "share_pct",
        "status": "status",
    }

    def apply_filters(self, statement: Select[Investment], filters: InvestmentFilters) -> Select[Investment]:
        if filters.fund_id:
            statement = statement.where(Investment.fund_id == filters.fund_id)
        if filters.company_id:
            statement = statement.where(Investment.company_id == filters.company_id)
        if filters.park_id:
            tenants = select(Tenancy.company_id).where(Tenancy.park_id == filters.park_id, makes_tenant())
            own_funds = select(Fund.id).where(Fund.park_id == filters.park_id)
            statement = statement.where(
                or_(Investment.company_id.in_(tenants), Investment.fund_id.in_(own_funds))
            )
        if filters.round:
            statement = statement.where(Investment.round == filters.round)
        if filters.status:
            statement = statement.where(Investment.status == filters.status)
        if filters.is_generated is not None:
            statement = statement.where(Investment.is_generated.is_(filters.is_generated))
        return statement
