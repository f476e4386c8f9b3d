from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from services.catalog.db import SessionDep
from services.catalog.investments import holdings, service
from services.catalog.investments.holdings import PageRequest
from services.catalog.investments.repository import InvestmentRepository
from services.catalog.investments.schemas import (
    HOLDINGS_ORDER,
    FundPortfolio,
    InvestmentCreate,
    InvestmentFilters,
    InvestmentRead,
    InvestmentUpdate,
    ParkFundHoldings,
)
from services.catalog.kit.dependencies import PrincipalDep, SettingsDep
from services.catalog.kit.endpoints import CURSOR_PATTERN, Resource, crud_router
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


def page_request(
    settings: SettingsDep,
    cursor: Annotated[
        str | None, Query(pattern=CURSOR_PATTERN, description="next_cursor of the previous page")
    ] = None,
    limit: Annotated[
        int | None, Query(ge=1, description="how many companies a page lists (capped); totals count all")
    ] = None,
) -> PageRequest:
    return PageRequest(size=min(limit or settings.default_page_size, settings.max_page_size), cursor=cursor)


PageDep = Annotated[PageRequest, Depends(page_request)]


@holdings_router.get(
    "/funds/{fund_id}/portfolio",
    response_model=FundPortfolio,
    summary="A fund's portfolio: its holdings per company, where they sit, totals (paged by company)",
    description=f"Companies in this order: {HOLDINGS_ORDER}.",
)
def fund_portfolio(session: SessionDep, principal: PrincipalDep, fund_id: PrimaryKey, page: PageDep) -> Any:
    return holdings.fund_portfolio(session, principal, fund_id, page)


@holdings_router.get(
    "/parks/{park_id}/fund-holdings",
    response_model=ParkFundHoldings,
    summary="A park's funds, and which of its tenants any fund holds (the park's officers; paged by tenant)",
    description=f"Tenants in this order: {HOLDINGS_ORDER}.",
)
def park_fund_holdings(
    session: SessionDep, principal: PrincipalDep, park_id: PrimaryKey, page: PageDep
) -> Any:
    return holdings.park_fund_holdings(session, principal, park_id, page)
