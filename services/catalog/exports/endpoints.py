"""`GET /api/v1/exports/<entity>?format=csv|xlsx` with the entity's list filters, one route per entity."""

import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Annotated, Any, BinaryIO

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session, sessionmaker

from services.catalog.db import SessionDep
from services.catalog.exports.schemas import MEDIA_TYPES, ExportFormat, TargetsExport
from services.catalog.exports.service import (
    TARGET_COLUMNS,
    export_columns,
    export_statement,
    export_values,
    target_values,
)
from services.catalog.exports.writers import csv_chunks, write_xlsx
from services.catalog.imports.registry import EXPORTS, EntitySpec, FieldPlan
from services.catalog.kit.dependencies import PrincipalDep

FILE_CHUNK_BYTES = 64 * 1024
FILE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {media: {} for media in MEDIA_TYPES.values()}, "description": "the file"}
}


def _export_endpoint(spec: EntitySpec) -> Callable[..., StreamingResponse]:
    Filters = spec.resource.filter_schema  # noqa: N806

    def export(
        request: Request,
        session: SessionDep,
        principal: PrincipalDep,
        filters: Annotated[Filters, Query()],  # type: ignore[valid-type]
        file_format: Annotated[ExportFormat, Query(alias="format")] = ExportFormat.csv,
    ) -> StreamingResponse:
        columns = export_columns(spec, principal)
        statement = export_statement(session, principal, spec, filters)
        if file_format is ExportFormat.xlsx:
            rows = export_values(session, principal, spec, statement, columns)
            return _xlsx_response(columns, rows, spec.name)
        # Streamed after this function returns, so it reads through a session of its own.
        factory: sessionmaker[Session] = request.app.state.sessionmaker

        def stream() -> Iterator[bytes]:
            with factory() as reader:
                yield from csv_chunks(columns, export_values(reader, principal, spec, statement, columns))

        return StreamingResponse(
            stream(),
            media_type=MEDIA_TYPES[ExportFormat.csv],
            headers=_attachment(spec.name, ExportFormat.csv),
        )

    return export


def _attachment(name: str, file_format: ExportFormat) -> dict[str, str]:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return {"content-disposition": f'attachment; filename="{name}-{stamp}.{file_format}"'}


def _xlsx_response(columns: list[FieldPlan], rows: Iterable[list[Any]], name: str) -> StreamingResponse:
    target = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the response's iterator
    try:
        write_xlsx(columns, rows, target, name)
    except BaseException:
        target.close()
        raise
    target.seek(0)
    return StreamingResponse(
        _file_chunks(target),
        media_type=MEDIA_TYPES[ExportFormat.xlsx],
        headers=_attachment(name, ExportFormat.xlsx),
    )


def export_targets(session: SessionDep, principal: PrincipalDep, body: TargetsExport) -> StreamingResponse:
    rows = target_values(session, principal, body.items)
    name = f"targets-park-{body.park_id}" if body.park_id else "targets"
    if body.format is ExportFormat.xlsx:
        return _xlsx_response(TARGET_COLUMNS, rows, name)
    return StreamingResponse(
        csv_chunks(TARGET_COLUMNS, rows),
        media_type=MEDIA_TYPES[ExportFormat.csv],
        headers=_attachment(name, ExportFormat.csv),
    )


def _file_chunks(file: BinaryIO) -> Iterator[bytes]:
    with file:
        while chunk := file.read(FILE_CHUNK_BYTES):
            yield chunk


def build_router() -> APIRouter:
    router = APIRouter(prefix="/exports", tags=["exports"])
    router.add_api_route(
        "",
        export_targets,
        methods=["POST"],
        summary="Export a park's target list: the items of a companies-for-park answer, as CSV or XLSX",
        description="Post the `items` of a match answer (in its order) as they came; the file lists each "
        "company as the catalog holds it (name, codes, place) with the answer's score, factor scores and "
        "evidence. An item naming no company of the catalog is a 422 naming the item.",
        response_class=StreamingResponse,
        responses=FILE_RESPONSES,
    )
    for spec in EXPORTS.values():
        router.add_api_route(
            f"/{spec.name}",
            _export_endpoint(spec),
            methods=["GET"],
            summary=f"Export {spec.resource.tag} as CSV or XLSX (the list filters apply)",
            response_class=StreamingResponse,
            responses=FILE_RESPONSES,
        )
    return router


router = build_router()
