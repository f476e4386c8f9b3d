"""Company rules beyond CRUD: who sees a company's needs, a founding year that follows the founding
date, and what a supply link may connect."""

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


def validate_company(_: Session, values: dict[str, Any], company: Company | None) -> dict[str, Any]:
    """`founded_year` is the year of `founded_on` whenever the date is known."""
    founded_on = values["founded_on"] if "founded_on" in values else getattr(company, "founded_on", None)
    if founded_on is None:
        return values
    year = values.get("founded_year")
    if year is not None and year != founded_on.year:
        raise ValidationFailed.field(
            "body.founded_year", f"{year} is not the year of founded_on {founded_on.isoformat()}"
        )
    return {**values, "founded_year": founded_on.year}


def validate_supply_link(_: Session, values: dict[str, Any], link: SupplyLink | None) -> dict[str, Any]:
    if link is None and values["supplier_id"] == values["buyer_id"]:
        raise ValidationFailed.field("body.buyer_id", "a company cannot supply itself")
    return values
