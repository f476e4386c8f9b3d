from typing import Annotated, Any

from fastapi import Query

from services.catalog.companies import service
from services.catalog.companies.repository import (
    CompanyFinancialRepository,
    CompanyRepository,
    SupplyLinkRepository,
)
from services.catalog.companies.schemas import (
    CompanyCreate,
    CompanyFilters,
    CompanyFinancialFilters,
    CompanyFinancialRead,
    CompanyRead,
    CompanyUpdate,
    SupplyLinkCreate,
    SupplyLinkFilters,
    SupplyLinkRead,
    SupplyLinkUpdate,
)
from services.catalog.db import SessionDep
from services.catalog.kit.dependencies import PrincipalDep, SettingsDep
from services.catalog.kit.endpoints import Resource, crud_router
from shared.schemas import Page, PrimaryKey

resource = Resource(
    path="/companies",
    tag="companies",
    repository=CompanyRepository,
    create_schema=CompanyCreate,
    update_schema=CompanyUpdate,
    read_schema=CompanyRead,
    filter_schema=CompanyFilters,
    serialize=service.read_company,
    validate=service.validate_company,
)
router = crud_router(resource)


@router.get(
    "/{company_id}/financials",
    response_model=Page[CompanyFinancialRead],
    summary="A company's dated financial figures, newest first",
)
def list_financials(
    session: SessionDep,
    principal: PrincipalDep,
    settings: SettingsDep,
    company_id: PrimaryKey,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None,
    limit: Annotated[int | None, Query(ge=1, description="page size (capped)")] = None,
) -> Any:
    CompanyRepository(session, principal).get(company_id)  # a company the caller cannot see is a 404
    size = min(limit or settings.default_page_size, settings.max_page_size)
    rows, total, next_cursor = CompanyFinancialRepository(session, principal).paginate(
        CompanyFinancialFilters(company_id=company_id), sort="-as_of", cursor=cursor, limit=size
    )
    return {"items": rows, "total": total, "next_cursor": next_cursor}


supply_link_resource = Resource(
    path="/supply-links",
    tag="supply links",
    repository=SupplyLinkRepository,
    create_schema=SupplyLinkCreate,
    update_schema=SupplyLinkUpdate,
    read_schema=SupplyLinkRead,
    filter_schema=SupplyLinkFilters,
    validate=service.validate_supply_link,
)
supply_links_router = crud_router(supply_link_resource)
