"""Investment rules: what an investment may say (the holdings are read in `holdings`)."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.catalog.companies.models import Company
from services.catalog.investments.models import Investment
from services.catalog.investments.schemas import LISTED_ROUNDS
from services.catalog.kit.validation import value_after
from shared.errors import Conflict, ValidationFailed

KEY = ("fund_id", "company_id", "round", "invested_on")


def validate(session: Session, values: dict[str, Any], investment: Investment | None) -> dict[str, Any]:
    """A private placement (定增/PIPE) is a listed company's; a fund's round in a company on a date is
    recorded once (409 naming the investment that has it)."""
    fund_id, company_id, investment_round, invested_on = (value_after(values, investment, k) for k in KEY)
    if investment_round in LISTED_ROUNDS:
        stock_code = session.scalar(select(Company.stock_code).where(Company.id == company_id))
        if stock_code is None:
            raise ValidationFailed.field(
                "body.round",
                f"a {investment_round} round is a listed company's; company {company_id} has no stock code",
            )
    taken = session.scalar(
        select(Investment.id).where(
            Investment.fund_id == fund_id,
            Investment.company_id == company_id,
            Investment.round == investment_round,
            Investment.invested_on == invested_on,
            Investment.id != (investment.id if investment is not None else 0),
        )
    )
    if taken is not None:
        raise Conflict(
            f"investment {taken} already records fund {fund_id}'s {investment_round} round in company "
            f"{company_id} on {invested_on}",
            details=[{"field": "body.invested_on", "reason": f"taken by investment {taken}"}],
        )
    return values
