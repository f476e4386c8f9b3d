"""Every table of the catalog, imported in one place for Alembic and the app."""

from services.catalog.carriers.models import Carrier
from services.catalog.chains.models import Chain, ChainEdge, ChainNode, NodeCompany
from services.catalog.changes.models import Change
from services.catalog.companies.models import Company, SupplyLink
from services.catalog.db import Base
from services.catalog.funds.models import Fund
from services.catalog.industries.models import Industry
from services.catalog.parks.models import Park
from services.catalog.policies.models import Policy
from services.catalog.providers.models import Provider
from services.catalog.tenancies.models import Tenancy

__all__ = [
    "Base",
    "Carrier",
    "Chain",
    "ChainEdge",
    "ChainNode",
    "Change",
    "Company",
    "Fund",
    "Industry",
    "NodeCompany",
    "Park",
    "Policy",
    "Provider",
    "SupplyLink",
    "Tenancy",
]
