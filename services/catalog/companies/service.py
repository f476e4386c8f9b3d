"""Company rules beyond CRUD: who sees a company's needs, and what a supply link may connect."""

from typing import Any

from sqlalchemy.orm import Session

from services.catalog.companies.models import Company, SupplyLink
from services.catalog.companies.schemas import CompanyRead
from shared.errors import ValidationFailed
from shared.principal import Principal, Role


def may_see_needs(company: Company, principal: Principal) -> bool:
    if principal.reads_private:
        return True
    return principal.role is Role.enterprise and principal.company_id == company.id


def read_company(company: Company, principal: Principal) -> CompanyRead:
    read = CompanyRead.model_validate(company)
    if may_see_needs(company, principal):
        return read
    return read.model_copy(update={"needs": None})


def validate_supply_link(_: Session, values: dict[str, Any], link: SupplyLink | None) -> dict[str, Any]:
    if link is None and values["supplier_id"] == values["buyer_id"]:
        raise ValidationFailed.field("body.buyer_id", "a company cannot supply itself")
    return values
