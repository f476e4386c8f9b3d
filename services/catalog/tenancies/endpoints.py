from services.catalog.kit.endpoints import Resource, crud_router
from services.catalog.tenancies import service
from services.catalog.tenancies.repository import TenancyRepository
from services.catalog.tenancies.schemas import TenancyCreate, TenancyFilters, TenancyRead, TenancyUpdate

resource = Resource(
    path="/tenancies",
    tag="tenancies",
    repository=TenancyRepository,
    create_schema=TenancyCreate,
    update_schema=TenancyUpdate,
    read_schema=TenancyRead,
    filter_schema=TenancyFilters,
    validate=service.validate,
)
router = crud_router(resource)
