"""Standard endpoints for one catalog resource: list, create, read, update, delete.

A domain declares its schemas and repository once in a `Resource`; this builds the router, so every
resource pages, filters, sorts, versions and reports errors the same way. A `ReadOnlyResource`
(loaded by an importer, never written through the API) gets only list and read.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from services.catalog.db import SessionDep
from services.catalog.kit.dependencies import PrincipalDep, SettingsDep
from services.catalog.kit.models import Entity
from services.catalog.kit.repository import Repository
from shared.errors import Forbidden, ValidationFailed
from shared.principal import Principal
from shared.schemas import Page, PrimaryKey, Schema

Serializer = Callable[[Any, Principal], Schema]
CURSOR_PATTERN = "^[A-Za-z0-9_-]{1,1000}$"  # what encode_cursor makes (URL-safe base64, unpadded)
Validator = Callable[[Session, dict[str, Any], Any], dict[str, Any]]


@dataclass(frozen=True, kw_only=True)
class ReadOnlyResource:
    path: str  # "/parks"
    tag: str
    repository: type[Repository[Any]]
    read_schema: type[Schema]
    filter_schema: type[Schema]
    # Turns an ORM object into what this caller may see (e.g. hides a company's private needs).
    serialize: Serializer | None = None

    def read(self, obj: Any, principal: Principal) -> Schema:
        if self.serialize is not None:
            return self.serialize(obj, principal)
        return self.read_schema.model_validate(obj)


@dataclass(frozen=True, kw_only=True)
class Resource(ReadOnlyResource):
    create_schema: type[Schema]
    update_schema: type[Schema]
    # Domain checks beyond field types (a carrier's park must exist...); returns the values to store.
    validate: Validator | None = None


def declare_not_null(update: type[Schema], model: type[Entity]) -> None:
    """An update's fields are optional, but one whose column is required may be left out, not nulled:
    its OpenAPI schema says so (`check_required` refuses a null with a 422 naming the field)."""
    required = {column.key for column in inspect(model).columns if not column.nullable}

    def not_null(schema: dict[str, Any]) -> None:
        for name, field in schema.get("properties", {}).items():
            options = field.get("anyOf")
            if name in required and options:
                kept = [option for option in options if option.get("type") != "null"]
                field.pop("anyOf")
                field.update(kept[0] if len(kept) == 1 else {"anyOf": kept})

    update.model_config["json_schema_extra"] = not_null  # type: ignore[typeddict-item]
    update.model_rebuild(force=True)


def check_required(model: type[Entity], values: dict[str, Any]) -> None:
    """An update may not null a required column: a clear 422 instead of a database error."""
    for column in inspect(model).columns:
        if column.key in values and values[column.key] is None and not column.nullable:
            raise ValidationFailed.field(f"body.{column.key}", "may not be null")


def check_admin_only(model: type[Entity], values: dict[str, Any], obj: Any, principal: Principal) -> None:
    """Only an admin sets an admin-only column (kit/models.py ADMIN_ONLY); anyone else may send it only
    as it is (its stored value, or on create its default): a 403 naming the field."""
    if principal.is_admin:
        return
    for column in inspect(model).columns:
        if not column.info.get("admin_only") or column.key not in values:
            continue
        if obj is not None:
            current = getattr(obj, column.key)
        else:
            default = column.default.arg if column.default is not None else None  # type: ignore[attr-defined]
            current = None if callable(default) else default
        if values[column.key] != current:
            raise Forbidden(
                f"only an admin may set {column.key}",
                details=[{"field": f"body.{column.key}", "reason": "only an admin may set it"}],
            )


def check_references(session: Session, model: type[Entity], values: dict[str, Any]) -> None:
    """Every foreign key in `values` must name an existing row: a clear 422 instead of an SQL error."""
    for column in inspect(model).columns:
        if column.key not in values or values[column.key] is None:
            continue
        for foreign_key in column.foreign_keys:
            target = foreign_key.column
            found = session.execute(select(target).where(target == values[column.key]).limit(1)).first()
            if found is None:
                raise ValidationFailed.field(
                    f"body.{column.key}", f"{target.table.name} {values[column.key]} does not exist"
                )


def read_router(resource: ReadOnlyResource) -> APIRouter:
    """List and read; any other method on the resource's paths answers 405."""
    router = APIRouter(prefix=resource.path, tags=[resource.tag])
    repo_class = resource.repository
    Filters = resource.filter_schema  # noqa: N806
    Read = resource.read_schema  # noqa: N806
    sort_pattern = f"^-?({'|'.join(sorted({'id', *repo_class.sortable}))})$"

    @router.get("", response_model=Page[Read], summary=f"List {resource.tag}")  # type: ignore[valid-type]
    def list_items(
        session: SessionDep,
        principal: PrincipalDep,
        settings: SettingsDep,
        filters: Annotated[Filters, Query()],  # type: ignore[valid-type]
        sort: Annotated[
            str | None,
            Query(pattern=sort_pattern, description="field to sort by; prefix with - for descending"),
        ] = None,
        cursor: Annotated[
            str | None, Query(pattern=CURSOR_PATTERN, description="next_cursor of the previous page")
        ] = None,
        limit: Annotated[int | None, Query(ge=1, description="page size (capped)")] = None,
    ) -> Any:
        size = min(limit or settings.default_page_size, settings.max_page_size)
        repo = repo_class(session, principal)
        rows, total, next_cursor = repo.paginate(filters, sort=sort, cursor=cursor, limit=size)
        return {
            "items": [resource.read(row, principal) for row in rows],
            "total": total,
            "next_cursor": next_cursor,
        }

    @router.get("/{item_id:int}", response_model=Read, summary=f"Read one of {resource.tag}")
    def read_item(session: SessionDep, principal: PrincipalDep, item_id: PrimaryKey) -> Any:
        return resource.read(repo_class(session, principal).get(item_id), principal)

    return router


def crud_router(resource: Resource) -> APIRouter:
    router = read_router(resource)
    repo_class = resource.repository
    model = repo_class.model
    Create = resource.create_schema  # noqa: N806
    Update = resource.update_schema  # noqa: N806
    Read = resource.read_schema  # noqa: N806
    declare_not_null(Update, model)

    def prepare(session: Session, values: dict[str, Any], obj: Any) -> dict[str, Any]:
        check_required(model, values)
        check_references(session, model, values)
        if resource.validate is not None:
            return resource.validate(session, values, obj)
        return values

    @router.post(
        "", response_model=Read, status_code=status.HTTP_201_CREATED, summary=f"Create {resource.tag}"
    )
    def create_item(session: SessionDep, principal: PrincipalDep, body: Create) -> Any:  # type: ignore[valid-type]
        repo = repo_class(session, principal)
        values = body.model_dump()  # type: ignore[attr-defined]
        repo.check_write(None, values)
        check_admin_only(model, values, None, principal)
        obj = repo.create(prepare(session, values, None))
        return resource.read(obj, principal)

    @router.patch("/{item_id:int}", response_model=Read, summary=f"Update one of {resource.tag}")
    def update_item(
        session: SessionDep,
        principal: PrincipalDep,
        item_id: PrimaryKey,
        body: Update,  # type: ignore[valid-type]
    ) -> Any:
        repo = repo_class(session, principal)
        values = body.model_dump(exclude_unset=True, exclude={"version"})  # type: ignore[attr-defined]
        obj = repo.get(item_id)
        repo.check_write(obj, values)
        check_admin_only(model, values, obj, principal)
        obj = repo.update(obj, prepare(session, values, obj), body.version)  # type: ignore[attr-defined]
        return resource.read(obj, principal)

    @router.delete(
        "/{item_id:int}", status_code=status.HTTP_204_NO_CONTENT, summary=f"Delete one of {resource.tag}"
    )
    def delete_item(
        session: SessionDep,
        principal: PrincipalDep,
        item_id: PrimaryKey,
        version: Annotated[int | None, Query(ge=1, description="refuse if the object has moved on")] = None,
    ) -> Response:
        repo = repo_class(session, principal)
        obj = repo.get(item_id)
        repo.check_delete(obj)
        repo.delete(obj, version)
        return Response(status_code=status.HTTP_204_NO_CONTENT)

    return router
