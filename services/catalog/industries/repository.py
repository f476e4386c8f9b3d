from typing import ClassVar

from sqlalchemy import Select

from services.catalog.industries.models import Industry
from services.catalog.industries.schemas import IndustryFilters
from services.catalog.kit.filters import text_matches
from services.catalog.kit.repository import Repository


class IndustryRepository(Repository[Industry]):
    model = Industry
    sortable: ClassVar[dict[str, str]] = {
        "scheme": "scheme",
        "code": "code",
        "name": "name",
        "level": "level",
    }

    def apply_filters(self, statement: Select[Industry], filters: IndustryFilters) -> Select[Industry]:
        if filters.scheme:
            statement = statement.where(Industry.scheme == filters.scheme)
        if filters.level:
            statement = statement.where(Industry.level == filters.level)
        if filters.parent_code:
            statement = statement.where(Industry.parent_code == filters.parent_code)
        if filters.q:
            statement = statement.where(text_matches([Industry.name, Industry.code], filters.q))
        return statement
