from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from services.catalog.db import SessionDep
from services.catalog.investments import service
from services.catalog.investments.repository import InvestmentRepository
from services.catalog.investments.schemas import (
    FundPortfolio,
    InvestmentCreate,
    InvestmentFilters,
    InvestmentRead,
    InvestmentUpdate,
    ParkFundHoldings,
)
from services.catalog.kit.dependencies import PrincipalDep, SettingsDep
from services.catalog.kit.endpoints import Resource, crud_router
from shared.schemas import PrimaryKey

resource = Resource(
    path="/investments",
    tag="investments",
    repository=InvestmentRepository,
    create_schema=InvestmentCreate,
    update_schema=InvestmentUpdate,
    read_schema=InvestmentRead,
    filter_schema=InvestmentFilters,
    validate=service.validate,
)
router = crud_router(resource)
# The holdings seen from a fund and from a park, beside those resources' own routes.
holdings_router = APIRouter(tags=["investments"])


def companies_shown(
    settings: SettingsDep,
    limit: Annotated[
        int | None, Query(ge=1, description="how many companies to list (capped); totals count all")
    ] = None,
) -> int:
    return min(limit or settings.max_page_size, settings.max_page_size)


Shown = Annotated[int, Depends(companies_shown)]


@holdings_router.get(
    "/funds/{fund_id}/portfolio",
    response_model=FundPortfolio,
    summary="A fund's portfolio: its holdings per company, where they sit, totals",
)
def fund_portfolio(session: SessionDep, principal: PrincipalDep, fund_id: PrimaryKey, shown: Shown) -> Any:
    return service.fund_portfolio(session, principal, fund_id, shown)


@holdings_router.get(
    "/parks/{park_id}/fund-holdings",
    response_model=ParkFundHoldings,
    summary="A park's funds, and which of its tenants any fund holds (the park's officers)",
)
def park_fund_holdings(
    session: SessionDep, principal: PrincipalDep, park_id: PrimaryKey, shown: Shown
) -> Any:
    return service.park_fund_holdings(session, principal, park_id, shown)
