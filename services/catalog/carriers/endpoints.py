from services.catalog.carriers import service
from services.catalog.carriers.repository import CarrierRepository
from services.catalog.carriers.schemas import CarrierCreate, CarrierFilters, CarrierRead, CarrierUpdate
from services.catalog.kit.endpoints import Resource, crud_router

resource = Resource(
    path="/carriers",
    tag="carriers",
    repository=CarrierRepository,
    create_schema=CarrierCreate,
    update_schema=CarrierUpdate,
    read_schema=CarrierRead,
    filter_schema=CarrierFilters,
    validate=service.validate,
)
router = crud_router(resource)
