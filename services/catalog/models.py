"""Every table of the catalog, imported in one place for Alembic and the app."""

from services.catalog.api_keys.models import ApiKey
from services.catalog.carriers.models import Carrier
from services.catalog.chains.models import Chain, ChainEdge, ChainNode, NodeCompany
from services.catalog.changes.models import Change
from services.catalog.companies.models import Company, CompanyFinancial, SupplyLink
from services.catalog.db import Base
from services.catalog.funds.models import Fund
from services.catalog.imports.models import ImportJob
from services.catalog.industries.models import Industry
from services.catalog.investments.models import Investment
from services.catalog.leads.models import Lead, LeadEvent
from services.catalog.parks.models import Park
from services.catalog.policies.models import Policy
from services.catalog.providers.models import Provider
from services.catalog.saved_searches.models import SavedSearch
from services.catalog.tenancies.models import Tenancy

__all__ = [
    "ApiKey",
    "Base",
    "Carrier",
    "Chain",
    "ChainEdge",
    "ChainNode",
    "Change",
    "Company",
    "CompanyFinancial",
    "Fund",
    "ImportJob",
    "Industry",
    "Investment",
    "Lead",
    "LeadEvent",
    "NodeCompany",
    "Park",
    "Policy",
    "Provider",
    "SavedSearch",
    "SupplyLink",
    "Tenancy",
]
