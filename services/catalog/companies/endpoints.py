from services.catalog.companies import service
from services.catalog.companies.repository import CompanyRepository, SupplyLinkRepository
from services.catalog.companies.schemas import (
    CompanyCreate,
    CompanyFilters,
    CompanyRead,
    CompanyUpdate,
    SupplyLinkCreate,
    SupplyLinkFilters,
    SupplyLinkRead,
    SupplyLinkUpdate,
)
from services.catalog.kit.endpoints import Resource, crud_router

resource = Resource(
    path="/companies",
    tag="companies",
    repository=CompanyRepository,
    create_schema=CompanyCreate,
    update_schema=CompanyUpdate,
    read_schema=CompanyRead,
    filter_schema=CompanyFilters,
    serialize=service.read_company,
)
router = crud_router(resource)

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
