from typing import Any, ClassVar

from sqlalchemy import Select, false, select

from services.catalog.changes import writes
from services.catalog.kit.filters import text_matches
from services.catalog.kit.ownership import ParkScopedRepository
from services.catalog.kit.repository import Repository
from services.catalog.leads.models import Lead, LeadEvent
from services.catalog.leads.schemas import LeadEventFilters, LeadEventKind, LeadFilters
from shared.principal import Principal, Role


def leads_visible_to(principal: Principal) -> Select[Lead]:
    """A park's leads are its officers' (and admins'); nobody else sees any."""
    statement = select(Lead)
    if principal.role is Role.admin:
        return statement
    if principal.role is Role.officer:
        return statement.where(Lead.park_id.in_(sorted(principal.park_ids)))
    return statement.where(false())


class LeadRepository(ParkScopedRepository[Lead]):
    """Every write also appends a LeadEvent, so the history of each lead is complete."""

    model = Lead
    sortable: ClassVar[dict[str, str]] = {
        "stage": "stage",
        "stage_changed_at": "stage_changed_at",
        "next_contact_on": "next_contact_on",
        "expected_signing_on": "expected_signing_on",
        "updated_at": "updated_at",
        "created_at": "created_at",
    }

    def base_statement(self) -> Select[Lead]:
        return leads_visible_to(self.principal)

    def apply_filters(self, statement: Select[Lead], filters: LeadFilters) -> Select[Lead]:
        if filters.park_id:
            statement = statement.where(Lead.park_id == filters.park_id)
        if filters.company_id:
            statement = statement.where(Lead.company_id == filters.company_id)
        if filters.stage:
            statement = statement.where(Lead.stage.in_([stage.value for stage in filters.stage]))
        if filters.owner:
            statement = statement.where(Lead.owner == filters.owner)
        if filters.q:
            statement = statement.where(text_matches([Lead.notes, Lead.owner], filters.q))
        if filters.next_contact_before:
            statement = statement.where(Lead.next_contact_on <= filters.next_contact_before)
        return statement

    def create(self, values: dict[str, Any]) -> Lead:
        lead = super().create(values)
        self._record(lead, LeadEventKind.created, None, _changed(values))
        return lead

    def update(self, obj: Lead, values: dict[str, Any], expected_version: int) -> Lead:
        before = obj.stage
        changes = {key: value for key, value in _changed(values).items() if getattr(obj, key) != value}
        lead = super().update(obj, values, expected_version)
        if changes:
            kind = LeadEventKind.moved if lead.stage != before else LeadEventKind.edited
            self._record(lead, kind, before, changes)
        return lead

    def _record(
        self, lead: Lead, kind: LeadEventKind, from_stage: str | None, changes: dict[str, Any]
    ) -> None:
        event = LeadEvent(
            lead_id=lead.id,
            kind=kind,
            from_stage=from_stage,
            to_stage=lead.stage,
            changes=changes,
            actor_role=self.principal.role.value,
            actor_key_id=self.principal.key_id,
        )
        writes.create(self.session, [event])


def _changed(values: dict[str, Any]) -> dict[str, Any]:
    """What an event keeps of a write: the fields a person set (not the bookkeeping ones)."""
    return {key: value for key, value in values.items() if key != "stage_changed_at"}


class LeadEventRepository(Repository[LeadEvent]):
    """Events are read through their lead's scope and written only by LeadRepository."""

    model = LeadEvent

    def base_statement(self) -> Select[LeadEvent]:
        visible = leads_visible_to(self.principal).with_only_columns(Lead.id)
        return select(LeadEvent).where(LeadEvent.lead_id.in_(visible))

    def apply_filters(self, statement: Select[LeadEvent], filters: LeadEventFilters) -> Select[LeadEvent]:
        return statement.where(LeadEvent.lead_id == filters.lead_id)
