from pydantic import Field, model_validator

from services.match.schemas import CompanyFilters, Limit
from shared.errors import ValidationFailed
from shared.schemas import PrimaryKey


class CompaniesForNodeRequest(Limit):
    node_id: PrimaryKey | None = Field(default=None, description="a chain node of the catalog")
    text: str | None = Field(
        default=None, min_length=1, max_length=500, description="or free text, e.g. 固态电池电解质"
    )
    filters: CompanyFilters = Field(default_factory=CompanyFilters)

    @model_validator(mode="after")
    def _one_question(self) -> "CompaniesForNodeRequest":
        if (self.node_id is None) == (self.text is None):
            raise ValidationFailed.field("body.node_id", "give either node_id or text, not both or neither")
        return self


class ChainCoverageRequest(Limit):
    park_id: PrimaryKey
    chain_id: PrimaryKey | None = Field(
        default=None, description="default: the chain that matters most to the park"
    )
    limit: int = Field(default=100, ge=1, le=500)
