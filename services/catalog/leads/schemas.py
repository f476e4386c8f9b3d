from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field, StringConstraints

from services.catalog.kit.schemas import EntityRead, VersionedUpdate
from shared.contract import LeadStage
from shared.schemas import PrimaryKey, Schema, ShortStr, Text

Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class LeadEventKind(StrEnum):
    created = "created"
    moved = "moved"
    edited = "edited"


class LeadCreate(Schema):
    park_id: PrimaryKey
    company_id: PrimaryKey
    stage: LeadStage = LeadStage.identified
    lost_reason: Reason | None = Field(default=None, description="required when the stage is lost")
    owner: ShortStr | None = Field(default=None, description="the officer who works on the lead")
    notes: Text | None = None
    next_contact_on: date | None = None
    expected_signing_on: date | None = None


class LeadUpdate(VersionedUpdate):
    stage: LeadStage | None = Field(default=None, description="only the pipeline's allowed moves")
    lost_reason: Reason | None = None
    owner: ShortStr | None = None
    notes: Text | None = None
    next_contact_on: date | None = None
    expected_signing_on: date | None = None


class LeadRead(EntityRead):
    park_id: int
    company_id: int
    stage: LeadStage
    lost_reason: str | None = None
    owner: str | None = None
    notes: str | None = None
    next_contact_on: date | None = None
    expected_signing_on: date | None = None
    stage_changed_at: datetime


class LeadFilters(Schema):
    park_id: PrimaryKey | None = None
    company_id: PrimaryKey | None = None
    stage: list[LeadStage] | None = Field(default=None, max_length=7, description="any of these stages")
    owner: str | None = Field(default=None, max_length=64)
    q: str | None = Field(default=None, max_length=100, description="text in the notes or the owner")
    next_contact_before: date | None = Field(default=None, description="next contact on or before this day")


class LeadEventRead(EntityRead):
    lead_id: int
    kind: LeadEventKind
    from_stage: LeadStage | None = None
    to_stage: LeadStage | None = None
    changes: dict[str, Any]
    actor_role: str
    actor_key_id: int | None = None


class LeadEventFilters(Schema):
    lead_id: PrimaryKey
