from typing import Any, ClassVar

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from services.catalog.api_keys.models import ApiKey
from services.catalog.funds.models import Fund
from services.catalog.investments.models import Investment
from services.catalog.investments.schemas import InvestmentFilters
from services.catalog.kit.models import utcnow
from services.catalog.kit.ownership import OwnerScopedRepository
from services.catalog.tenancies.models import Tenancy
from services.catalog.tenancies.repository import makes_tenant
from shared.principal import Principal


def recorded_by(session: Session, principal: Principal) -> dict[str, Any]:
    """Who is entering values now, and when: the caller's role and API key (its id and name)."""
    key = session.get(ApiKey, principal.key_id) if principal.key_id is not None else None
    return {
        "recorded_at": utcnow(),
        "recorded_by": key.name if key is not None else None,
        "recorded_by_role": principal.role.value,
        "recorded_by_key_id": principal.key_id,
    }


class InvestmentRepository(OwnerScopedRepository[Investment]):
    """Admins record any fund's investments; a fund's own account records its own (moving one to
    another fund is not its to do). Every write through the API records who entered the values and
    when (Investment.recorded_*); a write that changes nothing leaves them as they are."""

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

    def create(self, values: dict[str, Any]) -> Investment:
        return super().create({**values, **recorded_by(self.session, self.principal)})

    def update(self, obj: Investment, values: dict[str, Any], expected_version: int) -> Investment:
        if any(getattr(obj, name) != value for name, value in values.items()):
            values = {**values, **recorded_by(self.session, self.principal)}
        return super().update(obj, values, expected_version)
