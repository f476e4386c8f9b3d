"""The repository base every catalog domain extends.

Every query starts from `base_statement()`, which is scoped to the caller: an object the caller may
not see does not exist for them (404). Domains add their filters in `apply_filters` and their write
rules in `check_write`.
"""

from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from services.catalog.changes import writes
from services.catalog.kit.models import Entity
from services.catalog.kit.pagination import (
    after_cursor,
    apply_order,
    decode_cursor,
    encode_cursor,
    parse_sort,
)
from services.catalog.kit.schemas import EntityFilters
from shared.errors import Forbidden, NotFound, StaleVersion, Unauthorized
from shared.principal import Principal, Role

M = TypeVar("M", bound=Entity)


class Repository(Generic[M]):
    model: ClassVar[type[Any]]
    # Query-string name -> column, for `sort=name` / `sort=-name`.
    sortable: ClassVar[dict[str, str]] = {}

    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal

    # --- scope -------------------------------------------------------------------------------
    def base_statement(self) -> Select[M]:
        return select(self.model)

    def check_write(self, obj: M | None, values: dict[str, Any]) -> None:
        """Raise unless the caller may create (obj is None) or change `obj` with `values`.

        Default: only admins write.
        """
        self.require_role(Role.admin)

    def check_delete(self, obj: M) -> None:
        """Raise unless the caller may delete `obj`. Default: whoever may change it may delete it."""
        self.check_write(obj, {})

    def require_role(self, *roles: Role) -> None:
        if self.principal.role is Role.anonymous:
            raise Unauthorized("authentication required")
        if self.principal.role not in roles:
            raise Forbidden(f"role '{self.principal.role}' may not change {self.model.entity_name}s")

    # --- reads -------------------------------------------------------------------------------
    def apply_filters(self, statement: Select[M], filters: Any) -> Select[M]:
        return statement

    def get(self, entity_id: int) -> M:
        obj = self.session.scalar(self.base_statement().where(self.model.id == entity_id))
        if obj is None:
            raise NotFound.entity(self.model.entity_name, entity_id)
        return obj

    def paginate(
        self, filters: Any, *, sort: str | None, cursor: str | None, limit: int
    ) -> tuple[list[M], int, str | None]:
        statement = self.apply_filters(self.base_statement(), filters)
        if isinstance(filters, EntityFilters) and filters.ids:
            statement = statement.where(self.model.id.in_(filters.ids))
        total = self.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
        columns = {name: getattr(self.model, attr) for name, attr in self.sortable.items()}
        order = parse_sort(sort, columns, self.model.id)
        if cursor:
            last_value, last_id = decode_cursor(cursor, order)
            statement = statement.where(after_cursor(order, self.model.id, last_value, last_id))
        rows = list(self.session.scalars(apply_order(statement, order, self.model.id).limit(limit + 1)))
        next_cursor = None
        if len(rows) > limit:
            rows = rows[:limit]
            last = rows[-1]
            last_value = last.id if order.field == "id" else getattr(last, self.sortable[order.field])
            next_cursor = encode_cursor(order, last_value, last.id)
        return rows, int(total or 0), next_cursor

    # --- writes (the caller has passed check_write), through the one write path -----------------
    def create(self, values: dict[str, Any]) -> M:
        obj = self.model(**values)
        writes.create(self.session, [obj])
        return obj

    def update(self, obj: M, values: dict[str, Any], expected_version: int) -> M:
        ensure_version(obj, expected_version)
        writes.update(self.session, [(obj, values)])
        return obj

    def delete(self, obj: M, expected_version: int | None) -> None:
        if expected_version is not None:
            ensure_version(obj, expected_version)
        writes.delete(self.session, [obj])


def ensure_version(obj: Entity, expected: int) -> None:
    if obj.version != expected:
        raise StaleVersion(
            f"{obj.entity_name} {obj.id} is at version {obj.version}, not {expected}; reload and retry",
            details=[{"field": "version", "reason": f"current version is {obj.version}"}],
        )
