"""Industry classifications, loaded by the seed importer and read-only here: writes answer 405."""

from services.catalog.industries.repository import IndustryRepository
from services.catalog.industries.schemas import IndustryFilters, IndustryRead
from services.catalog.kit.endpoints import ReadOnlyResource, read_router

resource = ReadOnlyResource(
    path="/industries",
    tag="industries",
    repository=IndustryRepository,
    read_schema=IndustryRead,
    filter_schema=IndustryFilters,
)
router = read_router(resource)
