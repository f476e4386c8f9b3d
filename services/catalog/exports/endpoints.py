"""`GET /api/v1/exports/<entity>?format=csv|xlsx` with the entity's list filters, one route per entity."""

import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Annotated, Any, BinaryIO

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session, sessionmaker

from services.catalog.db import SessionDep
from services.catalog.exports.service import (
    MEDIA_TYPES,
    ExportFormat,
    export_columns,
    export_statement,
    export_values,
)
from services.catalog.exports.writers import csv_chunks, write_xlsx
from services.catalog.imports.registry import EXPORTS, EntitySpec
from services.catalog.kit.dependencies import PrincipalDep

FILE_CHUNK_BYTES = 64 * 1024


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
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        headers = {"content-disposition": f'attachment; filename="{spec.name}-{stamp}.{file_format}"'}
        if file_format is ExportFormat.xlsx:
            target = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the response's iterator
            try:
                write_xlsx(
                    columns, export_values(session, principal, spec, statement, columns), target, spec.name
                )
            except BaseException:
                target.close()
                raise
            target.seek(0)
            body: Iterator[bytes] = _file_chunks(target)
        else:
            # Streamed after this function returns, so it reads through a session of its own.
            factory: sessionmaker[Session] = request.app.state.sessionmaker

            def stream() -> Iterator[bytes]:
                with factory() as reader:
                    yield from csv_chunks(columns, export_values(reader, principal, spec, statement, columns))

            body = stream()
        return StreamingResponse(body, media_type=MEDIA_TYPES[file_format], headers=headers)

    return export


def _file_chunks(file: BinaryIO) -> Iterator[bytes]:
    with file:
        while chunk := file.read(FILE_CHUNK_BYTES):
            yield chunk


def build_router() -> APIRouter:
    router = APIRouter(prefix="/exports", tags=["exports"])
    responses: dict[int | str, dict[str, Any]] = {
        200: {"content": {media: {} for media in MEDIA_TYPES.values()}, "description": "the file"}
    }
    for spec in EXPORTS.values():
        router.add_api_route(
            f"/{spec.name}",
            _export_endpoint(spec),
            methods=["GET"],
            summary=f"Export {spec.resource.tag} as CSV or XLSX (the list filters apply)",
            response_class=StreamingResponse,
            responses=responses,
        )
    return router


router = build_router()
