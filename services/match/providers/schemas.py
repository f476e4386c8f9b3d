from pydantic import Field

from services.match.schemas import CompanyFilters, Limit
from shared.schemas import PrimaryKey


class ProvidersForCompanyRequest(Limit):
    company_id: PrimaryKey
    category: list[str] | None = Field(default=None, description="only these provider categories")


class CompaniesForProviderRequest(Limit):
    provider_id: PrimaryKey
    filters: CompanyFilters = Field(default_factory=CompanyFilters)
