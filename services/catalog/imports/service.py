"""Import a table of rows into one entity: validate each row, store the good ones in bulk, report the rest.

Each row goes through what `POST /api/v1/<entity>` does (the Create schema, the repository's
`check_write`, reference checks, the domain's `validate`) and a natural-key check (the model's unique
columns, within the file and against the database). New rows are written with core bulk inserts in
chunks through the catalog's one write path (changes/writes.py), which records the change feed, in the
caller's transaction.
With `upsert`, a row whose `id` or natural key names a stored row updates that row instead: the
stored object with the row's non-blank cells must pass the Create schema, and only those fields are
written (as for a PATCH: the version and the change feed move). An admin-only field (provenance,
hierarchy, approval) set by anyone but an admin fails the row, naming the field, as a POST or PATCH would.

A chunk the database refuses anyway (a concurrent writer took a key) is retried row by row, so the
good rows of it are still stored and the bad ones reported. In all-or-nothing mode the whole import
runs in a savepoint that is rolled back if any row failed.

With `commit_chunks` (import jobs, the CLI) a partial import commits after every chunk, so a large file
never holds the database's write lock for longer than one chunk; `progress` runs after each commit and
may stop the import (`ImportStopped`: a cancelled job). A file refused half-way (a limit passed) then
stops the import: the report says where, and that the rows before were stored as reported.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import PurePath
from typing import Any, BinaryIO

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from services.catalog.changes import writes
from services.catalog.imports.cells import cell_converter, clean_cell, control_character
from services.catalog.imports.labels import city_in
from services.catalog.imports.readers import (
    FileFormat,
    ImportLimits,
    Row,
    Table,
    Unreadable,
    file_error,
    open_table,
)
from services.catalog.imports.registry import (
    ID_FIELD,
    SYSTEM_COLUMNS,
    ColumnPlan,
    EntitySpec,
    normalize_header,
)
from services.catalog.imports.schemas import ImportMode, ImportReport, RowError
from services.catalog.kit.endpoints import check_admin_only
from services.catalog.kit.models import Entity
from shared.errors import AppError, Forbidden, Unauthorized
from shared.principal import Principal, Role

MAX_LISTED_ERRORS = 1_000
_LINE_BREAKS = ("\n", "\r")


class ImportStopped(Exception):
    """Raised by a progress callback to stop an import between chunks (its reason is reported)."""


@dataclass(frozen=True)
class ImportOptions:
    mode: ImportMode = ImportMode.partial
    dry_run: bool = False
    upsert: bool = False
    # None: from the file's name or content.
    file_format: FileFormat | None = None
    # Rows validated and written together (and, with commit_chunks, committed together).
    chunk_rows: int = 2_000


@dataclass
class _Candidate:
    row: int
    values: dict[str, Any]
    given: set[str]  # fields the row gave a value for (what an upsert changes)
    target: Entity | None = None  # the stored row an upsert updates


@dataclass
class _Tally:
    total: int = 0
    valid: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    last_row: int = 0
    errors: list[RowError] = field(default_factory=list)
    failed_rows: set[int] = field(default_factory=set)

    def fail(self, row: int, field_name: str, reason: str, column: str | None = None) -> None:
        self.failed_rows.add(row)
        self.errors.append(RowError(row=row, field=field_name, reason=reason, column=column))


def check_importer(principal: Principal, spec: EntitySpec) -> None:
    """Who may import this entity is decided once (401/403); which rows they may write, row by row."""
    if principal.role is Role.anonymous:
        raise Unauthorized("authentication required")
    if principal.role not in spec.importers:
        raise Forbidden(f"role '{principal.role}' may not import {spec.name}")


def open_import(
    spec: EntitySpec,
    stream: BinaryIO,
    filename: str | None,
    options: ImportOptions,
    limits: ImportLimits,
) -> tuple[Table, list[ColumnPlan], list[str], list[str]]:
    """The file's table, how its columns feed the entity's fields, the columns that name no field and
    the read-only ones; a file refused as a whole is 422."""
    table = open_table(stream, filename, limits, options.file_format)
    columns, ignored, read_only = plan_columns(spec, table.columns, upsert=options.upsert)
    return table, columns, ignored, read_only


def import_file(
    session: Session,
    principal: Principal,
    spec: EntitySpec,
    stream: BinaryIO,
    filename: str | None,
    options: ImportOptions,
    limits: ImportLimits,
    progress: Callable[[int], None] | None = None,
    *,
    commit_chunks: bool = False,
) -> ImportReport:
    """Import a file in the caller's transaction (the caller commits), or with `commit_chunks` in one
    transaction per chunk (partial imports only). Created rows that name no source get
    `import <filename>` as their provenance."""
    check_importer(principal, spec)
    table, columns, ignored, read_only = open_import(spec, stream, filename, options, limits)
    source = f"import {PurePath(filename).name}"[:300] if filename else None
    importer = _Importer(session, principal, spec, columns, options, limits, source, table.quoted_formulas)
    chunked = commit_chunks and options.mode is ImportMode.partial and not options.dry_run
    if chunked:
        stopped = _import_chunks(session, importer, table, progress)
        return _report(spec, options, importer.tally, False, ignored + table.unnamed, read_only, stopped)
    savepoint = session.begin_nested()
    tally = importer.tally
    try:
        for chunk in _chunks(table.rows, options.chunk_rows):
            importer.process(chunk)
            if progress is not None:
                progress(len(chunk))
    except ImportStopped as exc:  # one transaction: stopped, nothing of it stays
        savepoint.rollback()
        tally.created = tally.updated = tally.unchanged = 0
        stopped = f"{exc} after row {tally.last_row}"
        return _report(spec, options, tally, True, ignored + table.unnamed, read_only, stopped)
    except BaseException:
        savepoint.rollback()
        raise
    rolled_back = options.mode is ImportMode.all_or_nothing and bool(tally.failed_rows)
    if rolled_back:
        savepoint.rollback()
        tally.created = tally.updated = tally.unchanged = 0
    else:
        savepoint.commit()
    return _report(spec, options, tally, rolled_back, ignored + table.unnamed, read_only)


def _import_chunks(
    session: Session, importer: "_Importer", table: Table, progress: Callable[[int], None] | None
) -> str | None:
    """Process and commit chunk by chunk; the reason the import stopped early, if it did."""
    rows = _chunks(table.rows, importer.options.chunk_rows)
    while True:
        try:
            chunk = next(rows, None)
        except AppError as exc:  # the file was refused half-way: what was committed stays, reported
            session.rollback()
            after = importer.tally.last_row
            where = f"after row {after}" if after else "before its first row"
            return f"the file was refused {where}: {exc.message}"
        if chunk is None:
            return None
        importer.process(chunk)
        session.commit()
        if progress is not None:
            try:
                progress(len(chunk))
            except ImportStopped as exc:
                return f"{exc} after row {importer.tally.last_row}"


def plan_columns(
    spec: EntitySpec, headers: list[str], *, upsert: bool
) -> tuple[list[ColumnPlan], list[str], list[str]]:
    """Map the file's columns to fields (and, for an upsert, the `id` column to the stored rows' ids);
    the others are ignored, or read-only (an export's columns the import does not write). Refuse a file
    that names a field twice or, unless upserting, lacks a required column."""
    plans: list[ColumnPlan] = []
    ignored: list[str] = []
    read_only: list[str] = []
    by_field: dict[str, str] = {}
    for header in headers:
        plan = spec.column(header)
        if upsert and header.strip().lower() == ID_FIELD.name:
            plan = ColumnPlan(header, ID_FIELD)
        if plan is None and spec.is_read_only(header):
            read_only.append(header)
            continue
        if plan is None:
            known = (
                header.strip().lower() in SYSTEM_COLUMNS or normalize_header(header) in spec.reference_headers
            )
            if not known:
                ignored.append(header)
            continue
        if plan.field.name in by_field:
            raise file_error(
                f"columns '{by_field[plan.field.name]}' and '{header}' both mean {plan.field.name}"
            )
        by_field[plan.field.name] = header
        plans.append(plan)
    missing = [name for name, plan in spec.fields.items() if plan.required and name not in by_field]
    if not upsert and headers and missing:
        named = "; ".join(" / ".join(spec.labels(name)[:3]) for name in missing)
        raise file_error(f"missing required column(s): {named}")
    return plans, ignored, read_only


def _chunks(rows: Iterator[Row], size: int) -> Iterator[list[Row]]:
    while chunk := list(islice(rows, size)):
        yield chunk


class _Importer:
    def __init__(
        self,
        session: Session,
        principal: Principal,
        spec: EntitySpec,
        columns: list[ColumnPlan],
        options: ImportOptions,
        limits: ImportLimits,
        source: str | None,
        quoted_formulas: bool,
    ) -> None:
        self.session = session
        self.source = source
        self.quoted_formulas = quoted_formulas
        self.spec = spec
        self.columns = columns
        self.options = options
        self.repo = spec.resource.repository(session, principal)
        self.tally = _Tally()
        self.headers = {plan.field.name: plan.header for plan in columns}
        self.converters = [
            (
                plan.header,
                plan.field.name,
                plan.field.single_line,
                cell_converter(
                    plan.field.kind, max_digits=limits.digits, codec=plan.field.codec, scale=plan.scale
                ),
            )
            for plan in columns
        ]
        # Natural key -> value -> the first row of this file that holds it.
        self.seen: dict[tuple[str, ...], dict[tuple[Any, ...], int]] = {key: {} for key in spec.natural_keys}
        self.references = [
            (column.key, next(iter(column.foreign_keys)).column)
            for column in spec.table.columns
            if column.foreign_keys and column.key in spec.fields
        ]

    def fail(self, row: int, field_name: str, reason: str) -> None:
        top = field_name.split(".", 1)[0]
        self.tally.fail(row, field_name, reason, self.headers.get(top))

    # --- one chunk ---------------------------------------------------------------------------
    def process(self, rows: list[Row]) -> None:
        self.tally.total += len(rows)
        self.tally.last_row = rows[-1][0]
        parsed = []
        for number, cells in rows:
            if isinstance(cells, Unreadable):
                self.fail(number, "row", cells.reason)
            elif (raw := self.parse_row(number, cells)) is not None:
                parsed.append((number, raw))
        targets = self.find_targets(parsed) if self.options.upsert else {}
        candidates = [
            c for number, raw in parsed if (c := self.validate_row(number, raw, targets.get(number)))
        ]
        candidates = self.check_references(candidates)
        candidates = self.check_keys(candidates)
        candidates = [c for c in candidates if self.check_domain(c)]
        self.tally.valid += len(candidates)
        writing = not self.options.dry_run and not (
            self.options.mode is ImportMode.all_or_nothing and self.tally.failed_rows
        )
        if writing and candidates:
            self.write(candidates)

    def parse_row(self, number: int, cells: dict[str, Any]) -> dict[str, Any] | None:
        """The row's non-blank cells as values to validate, by field."""
        raw: dict[str, Any] = {}
        ok = True
        for header, name, single_line, convert in self.converters:
            value = clean_cell(cells.get(header), quoted_formulas=self.quoted_formulas)
            if value is None:
                continue
            if problem := control_character(value):
                self.fail(number, name, f"holds a control character ({problem})")
                ok = False
                continue
            if single_line and isinstance(value, str) and any(mark in value for mark in _LINE_BREAKS):
                self.fail(
                    number,
                    name,
                    "holds a line break, which this field cannot (in a CSV file a quote left open joins "
                    "the next row into the cell)",
                )
                ok = False
                continue
            try:
                raw[name] = convert(value)
            except ValueError as exc:
                self.fail(number, name, str(exc))
                ok = False
        if ok and isinstance(raw.get("city"), str) and isinstance(raw.get("province"), str):
            try:
                raw["city"] = city_in(raw["province"], raw["city"])
            except ValueError as exc:
                self.fail(number, "city", str(exc))
                ok = False
        return raw if ok else None

    def find_targets(self, parsed: list[tuple[int, dict[str, Any]]]) -> dict[int, Entity]:
        """Upsert: the stored row each file row names by its id or a natural key (by row number)."""
        matches: dict[int, set[int]] = {}
        for key in self.spec.upsert_keys:
            wanted = {number: value for number, raw in parsed if (value := self.spec.key_of(raw, key))}
            stored = self.stored_ids(key, set(wanted.values()))
            for number, value in wanted.items():
                if value in stored:
                    matches.setdefault(number, set()).add(stored[value])
        for number, ids in matches.items():
            if len(ids) > 1:
                listed = ", ".join(str(i) for i in sorted(ids))
                self.fail(number, "row", f"the row's keys name different stored rows ({listed})")
        model = self.spec.model
        wanted_ids = {next(iter(ids)) for ids in matches.values() if len(ids) == 1}
        loaded = {obj.id: obj for obj in self.session.scalars(select(model).where(model.id.in_(wanted_ids)))}
        return {number: loaded[next(iter(ids))] for number, ids in matches.items() if len(ids) == 1}

    def stored_ids(self, key: tuple[str, ...], values: set[tuple[Any, ...]]) -> dict[tuple[Any, ...], int]:
        if not values:
            return {}
        table = self.spec.table
        columns = [table.c[name] for name in key]
        # Found by the key's first column (indexed), the rest compared here: a row-value IN of many
        # tuples would read the whole table on SQLite.
        match = columns[0].in_({value[0] for value in values})
        found = self.session.execute(select(table.c.id, *columns).where(match))
        return {key_value: row[0] for row in found if (key_value := tuple(row[1:])) in values}

    def validate_row(self, number: int, raw: dict[str, Any], target: Entity | None) -> _Candidate | None:
        """Validate with the Create schema; an upserted row as the stored object with the row's values."""
        if number in self.tally.failed_rows:
            return None
        given = {name: value for name, value in raw.items() if name != ID_FIELD.name}
        merged = given if target is None else {**self.spec.stored_values(target), **given}
        try:
            model = self.spec.create_schema.model_validate(merged)
        except ValidationError as exc:
            for error in exc.errors(include_url=False):
                where = ".".join(str(part) for part in error["loc"]) or "row"
                self.fail(number, where, _reason(error))
            return None
        return _Candidate(number, model.model_dump(warnings=False), set(given), target)

    def check_references(self, candidates: list[_Candidate]) -> list[_Candidate]:
        """Every foreign key names a stored row (one query per key column and chunk)."""
        for key, target in self.references:
            wanted = {c.values[key] for c in candidates if c.values.get(key) is not None}
            if not wanted:
                continue
            found = set(self.session.scalars(select(target).where(target.in_(wanted))))
            for c in candidates:
                value = c.values.get(key)
                if value is not None and value not in found:
                    self.fail(c.row, key, f"{target.table.name} {value} does not exist")
        return [c for c in candidates if c.row not in self.tally.failed_rows]

    def check_keys(self, candidates: list[_Candidate]) -> list[_Candidate]:
        """No two rows, and no new row and a stored object, share a natural key. Without upsert, a new
        row naming a stored object that already holds the row's values is counted unchanged (a file
        imported twice stores nothing twice); with other values it is reported (upsert updates it)."""
        existing: dict[int, dict[int, str]] = {}  # row -> stored id -> the key that names it
        for key in self.spec.natural_keys:
            keyed = [(c, value) for c in candidates if (value := _key_value(c.values, key))]
            stored = self.stored_ids(key, {value for _, value in keyed})
            seen = self.seen[key]
            for c, value in keyed:
                label = ", ".join(f"{name} {part!r}" for name, part in zip(key, value, strict=True))
                first = seen.setdefault(value, c.row)
                if first != c.row:
                    self.fail(c.row, key[0], f"{label} is already used by row {first} of this file")
                owner = stored.get(value)
                if owner is None or (c.target is not None and c.target.id == owner):
                    continue
                if c.target is None and not self.options.upsert:
                    existing.setdefault(c.row, {}).setdefault(owner, label)
                else:
                    self.fail(c.row, key[0], f"{self.spec.model.entity_name} {owner} already has {label}")
        unchanged = self.settle_existing(candidates, existing)
        return [c for c in candidates if c.row not in self.tally.failed_rows and c.row not in unchanged]

    def settle_existing(self, candidates: list[_Candidate], existing: dict[int, dict[int, str]]) -> set[int]:
        """The rows (of those naming stored objects) that repeat what is stored: counted unchanged."""
        model = self.spec.model
        wanted = {owner for owners in existing.values() for owner in owners}
        loaded = {obj.id: obj for obj in self.session.scalars(select(model).where(model.id.in_(wanted)))}
        unchanged: set[int] = set()
        for c in candidates:
            owners = existing.get(c.row)
            if not owners or c.row in self.tally.failed_rows:
                continue
            (owner, label), *others = owners.items()
            entity = model.entity_name
            if others:
                listed = ", ".join(f"{entity} {other} has {text}" for other, text in others)
                self.fail(c.row, "row", f"{entity} {owner} has {label} but {listed}")
                continue
            differing = self.differences(c, loaded[owner])
            if differing:
                self.fail(
                    c.row,
                    label.split(" ", 1)[0],
                    f"{entity} {owner} already has {label}, with other values for "
                    f"{', '.join(differing)}; import with upsert to update it",
                )
                continue
            unchanged.add(c.row)
        self.tally.unchanged += len(unchanged)
        self.tally.valid += len(unchanged)
        return unchanged

    def differences(self, c: _Candidate, obj: Entity) -> list[str]:
        """The fields the row gives that the stored object holds otherwise."""
        try:
            stored = self.spec.create_schema.model_validate(self.spec.stored_values(obj)).model_dump(
                warnings=False
            )
        except ValidationError:
            return sorted(c.given)
        return [name for name in sorted(c.given) if stored.get(name) != c.values.get(name)]

    def check_domain(self, c: _Candidate) -> bool:
        """The caller may write this row (officers: their own parks) and the domain's rules hold."""
        values = c.values if c.target is None else {name: c.values[name] for name in c.given}
        try:
            self.repo.check_write(c.target, values)
            check_admin_only(self.spec.model, values, c.target, self.repo.principal)
            if self.spec.resource.validate is not None:
                values = self.spec.resource.validate(self.session, values, c.target)
        except AppError as exc:
            detail = exc.details[0] if exc.details else {}
            where = str(detail.get("field", "")).removeprefix("body.") or self.spec.scope_field or "row"
            self.fail(c.row, where, str(detail.get("reason") or exc.message))
            return False
        if c.target is None and "source" not in c.given and self.source:
            values["source"] = self.source
        c.values = values
        return True

    # --- writes ------------------------------------------------------------------------------
    def write(self, candidates: list[_Candidate]) -> None:
        try:
            with self.session.begin_nested():
                self.store(candidates)
        except (IntegrityError, StaleDataError):
            # Someone else wrote in the meantime: find the refused rows one by one, keep the rest.
            for c in candidates:
                try:
                    with self.session.begin_nested():
                        self.store([c])
                except (IntegrityError, StaleDataError) as exc:
                    self.tally.valid -= 1
                    self.fail(c.row, "row", f"the database refused the row: {_first_line(exc)}")

    def store(self, candidates: list[_Candidate]) -> None:
        creates = [c.values for c in candidates if c.target is None]
        updates = [(c.target, c.values) for c in candidates if c.target is not None]
        created = writes.insert_rows(self.session, self.spec.model, creates)
        updated = writes.update(self.session, updates)
        self.tally.created += len(created)
        self.tally.updated += len(updated)
        self.tally.unchanged += len(updates) - len(updated)


def _key_value(values: dict[str, Any], key: tuple[str, ...]) -> tuple[Any, ...] | None:
    value = tuple(values.get(name) for name in key)
    return None if None in value else value


def _reason(error: Any) -> str:
    given = error.get("input")
    if isinstance(given, str | int | float) and error["type"] != "missing":
        shown = repr(given) if len(repr(given)) <= 60 else repr(given)[:57] + "..."
        return f"{error['msg']} (got {shown})"
    return str(error["msg"])


def _first_line(exc: Exception) -> str:
    return str(getattr(exc, "orig", None) or exc).splitlines()[0]


def _report(
    spec: EntitySpec,
    options: ImportOptions,
    tally: _Tally,
    rolled_back: bool,
    ignored: list[str],
    read_only: list[str],
    stopped: str | None = None,
) -> ImportReport:
    failed = len(tally.failed_rows)
    stored = tally.created + tally.updated
    if options.dry_run:
        message = f"dry run: {tally.valid} of {tally.total} rows would be stored, {failed} failed"
    elif rolled_back and stopped:
        message = f"nothing was stored ({tally.total} rows read)"
    elif rolled_back:
        message = f"all-or-nothing: {failed} of {tally.total} rows failed, so nothing was stored"
    else:
        message = f"{stored} of {tally.total} rows stored, {failed} failed"
        if options.upsert or tally.unchanged:
            message += f" ({tally.created} created, {tally.updated} updated, {tally.unchanged} unchanged)"
    if stopped:
        message = f"stopped: {stopped}; {message}"
    errors = sorted(tally.errors, key=lambda e: e.row)
    return ImportReport(
        entity=spec.name,
        mode=options.mode,
        dry_run=options.dry_run,
        upsert=options.upsert,
        total_rows=tally.total,
        valid=tally.valid,
        stored=stored,
        created=tally.created,
        updated=tally.updated,
        unchanged=tally.unchanged,
        failed=failed,
        rolled_back=rolled_back,
        message=message,
        errors=errors[:MAX_LISTED_ERRORS],
        errors_not_listed=max(0, len(errors) - MAX_LISTED_ERRORS),
        ignored_columns=ignored,
        read_only_columns=read_only,
        stopped=stopped,
    )
