from services.catalog.kit.endpoints import Resource, crud_router
from services.catalog.parks import service
from services.catalog.parks.repository import ParkRepository
from services.catalog.parks.schemas import ParkCreate, ParkFilters, ParkRead, ParkUpdate

resource = Resource(
    path="/parks",
    tag="parks",
    repository=ParkRepository,
    create_schema=ParkCreate,
    update_schema=ParkUpdate,
    read_schema=ParkRead,
    filter_schema=ParkFilters,
    validate=service.validate,
)
router = crud_router(resource)
