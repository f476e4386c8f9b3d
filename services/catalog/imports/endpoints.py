from typing import Annotated, Any

from fastapi import APIRouter, File, Path, Query, Request, UploadFile
from fastapi.responses import JSONResponse

from services.catalog.db import SessionDep
from services.catalog.imports.jobs import ImportWorker, cancel_job, create_job, get_job
from services.catalog.imports.readers import FileFormat, ImportLimits
from services.catalog.imports.registry import ENTITIES, get_spec
from services.catalog.imports.schemas import ImportJobRead, ImportMode, ImportReport
from services.catalog.imports.service import ImportOptions, check_importer, import_file, open_import
from services.catalog.kit.dependencies import PrincipalDep, SettingsDep
from shared.schemas import PrimaryKey

router = APIRouter(prefix="/imports", tags=["imports"])
# An entity is named in lowercase letters and hyphens (a job is under /imports/jobs/).
ENTITY_NAME = "[a-z][a-z-]*"


JobId = Annotated[PrimaryKey, Path(description="the id a 202 from POST /imports/{entity} gave")]


@router.post(
    "/{entity}",
    response_model=ImportReport,
    summary="Import a CSV, XLSX or JSON file into one entity, with a per-row report",
    description="Admins import every entity; an officer imports rows of their own parks (carriers, "
    "tenancies...), each row checked. Columns are field names or their Chinese headers (名称, "
    "统一社会信用代码, 省份, 注册资本(万元)...); list cells are separated by 、 , ; or |.\n\n"
    "A file up to IMPORT_SYNC_MAX_BYTES (512 KB) is imported within the request: 200 with the report "
    "whether or not rows failed. A larger file, or any file with `background=true`, becomes a job: 202 "
    "with the job (and a Location header); poll `GET /imports/jobs/{job_id}` until its status is finished, "
    "cancel it with `DELETE`. A partial job commits chunk by chunk, so other writes go on meanwhile "
    "(an all-or-nothing import is one transaction: on SQLite other writes wait until it ends). Either way "
    "a file that cannot be read (its encoding, a broken workbook, a limit passed, a missing column) is "
    "422 on `file` at once.",
    responses={202: {"model": ImportJobRead, "description": "the import runs as a job"}},
)
def import_entity(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    settings: SettingsDep,
    entity: Annotated[str, Path(pattern=f"^{ENTITY_NAME}$", description=f"one of: {', '.join(ENTITIES)}")],
    file: Annotated[UploadFile, File(description="CSV (UTF-8 or GBK), XLSX, or JSON (array or lines)")],
    mode: Annotated[ImportMode, Query(description="partial stores the good rows")] = ImportMode.partial,
    file_format: Annotated[
        FileFormat | None, Query(alias="format", description="default: from the file name or content")
    ] = None,
    dry_run: Annotated[bool, Query(description="check every row, store nothing")] = False,
    upsert: Annotated[
        bool, Query(description="update the stored row with the same natural key instead of failing")
    ] = False,
    background: Annotated[bool, Query(description="run as a job whatever the file's size")] = False,
) -> Any:
    spec = get_spec(entity)
    options = ImportOptions(
        mode=mode,
        dry_run=dry_run,
        upsert=upsert,
        file_format=file_format,
        chunk_rows=settings.import_chunk_rows,
    )
    limits = ImportLimits.from_settings(settings)
    size = file.size if file.size is not None else len(file.file.read())
    if not background and size <= settings.import_sync_max_bytes:
        file.file.seek(0)
        return import_file(session, principal, spec, file.file, file.filename, options, limits)
    check_importer(principal, spec)
    file.file.seek(0)
    open_import(spec, file.file, file.filename, options, limits)  # the header and the encoding, now
    job = create_job(session, principal, spec, file.filename, options, file.file, settings)
    session.commit()
    worker: ImportWorker = request.app.state.import_worker
    worker.submit(job.id)
    body = ImportJobRead.model_validate(job).model_dump(mode="json")
    return JSONResponse(
        body, status_code=202, headers={"location": f"{request.url.path.rsplit('/', 1)[0]}/jobs/{job.id}"}
    )


@router.get(
    "/jobs/{job_id}",
    response_model=ImportJobRead,
    summary="An import job: its progress and, once finished, its report",
)
def read_job(session: SessionDep, principal: PrincipalDep, job_id: JobId) -> ImportJobRead:
    return ImportJobRead.model_validate(get_job(session, principal, job_id))


@router.delete(
    "/jobs/{job_id}",
    response_model=ImportJobRead,
    summary="Cancel an import job: it stops after the chunk it is on (the chunks committed before stay)",
)
def cancel(session: SessionDep, principal: PrincipalDep, job_id: JobId) -> ImportJobRead:
    return ImportJobRead.model_validate(cancel_job(session, principal, job_id))
