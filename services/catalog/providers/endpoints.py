from services.catalog.kit.endpoints import Resource, crud_router
from services.catalog.providers.repository import ProviderRepository
from services.catalog.providers.schemas import (
    ProviderCreate,
    ProviderFilters,
    ProviderRead,
    ProviderUpdate,
)

resource = Resource(
    path="/providers",
    tag="providers",
    repository=ProviderRepository,
    create_schema=ProviderCreate,
    update_schema=ProviderUpdate,
    read_schema=ProviderRead,
    filter_schema=ProviderFilters,
)
router = crud_router(resource)
