from pydantic import Field

from services.catalog.locator.locate import RULES
from shared.schemas import PrimaryKey, Schema


class LocateRequest(Schema):
    """An address, or a company whose office and registered addresses are used."""

    address: str | None = Field(default=None, min_length=2, max_length=300)
    company_id: PrimaryKey | None = None


class LocatedPark(Schema):
    park_id: PrimaryKey
    name: str
    confidence: float = Field(
        ge=0,
        le=1,
        description=(
            "estimated chance that the address lies in this park: the rule's base "
            f"({', '.join(f'{rule} {base}' for rule, base in RULES.items())}) divided among the parks the "
            "same evidence fits equally; for a company, times 0.8 for its registered address"
        ),
    )
    rule: str = Field(description="name | sub_park | locality_type | district")
    reason: str
    address_source: str | None = Field(default=None, description="office_address or registered_address")
    address: str | None = None


class LocateResult(Schema):
    province: str | None = Field(description="the province kept: the address's, else the company's")
    items: list[LocatedPark]
