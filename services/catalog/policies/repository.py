from datetime import date
from typing import Any, ClassVar

from sqlalchemy import ColumnElement, Select, and_, or_

from services.catalog.kit.filters import json_list_contains, json_list_mentions, text_matches
from services.catalog.kit.ownership import ParkScopedRepository
from services.catalog.policies.models import Policy
from services.catalog.policies.schemas import PolicyFilters, PolicyScope
from shared.errors import Forbidden
from shared.principal import Role


def valid_on(day: date) -> ColumnElement[bool]:
    """The policy is in force on `day` (an open end is no limit)."""
    return and_(
        or_(Policy.valid_from.is_(None), Policy.valid_from <= day),
        or_(Policy.valid_to.is_(None), Policy.valid_to >= day),
    )


class PolicyRepository(ParkScopedRepository[Policy]):
    model = Policy
    sortable: ClassVar[dict[str, str]] = {
        "title": "title",
        "scope": "scope",
        "category": "category",
        "province": "province",
        "valid_from": "valid_from",
        "valid_to": "valid_to",
    }

    def check_write(self, obj: Policy | None, values: dict[str, Any]) -> None:
        # An officer writes only park policies (of their own parks: the park-scoped rule).
        if self.principal.role is Role.officer:
            scopes = {values.get("scope", obj.scope if obj else None)}
            if obj is not None:
                scopes.add(obj.scope)
            if scopes != {PolicyScope.park}:
                raise Forbidden("officers may write only the policies of their own parks (scope=park)")
        super().check_write(obj, values)

    def apply_filters(self, statement: Select[Policy], filters: PolicyFilters) -> Select[Policy]:
        if filters.q:
            statement = statement.where(
                text_matches([Policy.title, Policy.issuer, Policy.full_text], filters.q)
            )
        if filters.scope:
            statement = statement.where(Policy.scope == filters.scope)
        if filters.province:
            statement = statement.where(Policy.province.startswith(filters.province))
        if filters.park_id:
            statement = statement.where(Policy.park_id == filters.park_id)
        if filters.category:
            statement = statement.where(Policy.category == filters.category)
        if filters.industry:
            statement = statement.where(json_list_mentions(Policy.target_industries, filters.industry))
        if filters.node_id:
            statement = statement.where(json_list_contains(Policy.target_node_ids, filters.node_id))
        if filters.valid_on:
            statement = statement.where(valid_on(filters.valid_on))
        return statement
