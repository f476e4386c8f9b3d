from services.catalog.funds import service
from services.catalog.funds.repository import FundRepository
from services.catalog.funds.schemas import FundCreate, FundFilters, FundRead, FundUpdate
from services.catalog.kit.endpoints import Resource, crud_router

resource = Resource(
    path="/funds",
    tag="funds",
    repository=FundRepository,
    create_schema=FundCreate,
    update_schema=FundUpdate,
    read_schema=FundRead,
    filter_schema=FundFilters,
    validate=service.validate,
)
router = crud_router(resource)
