from typing import Annotated

from fastapi import APIRouter, File, Path, Query, UploadFile

from services.catalog.db import SessionDep
from services.catalog.imports.readers import FileFormat
from services.catalog.imports.registry import ENTITIES, get_spec
from services.catalog.imports.schemas import ImportMode, ImportReport
from services.catalog.imports.service import ImportOptions, import_file
from services.catalog.kit.dependencies import PrincipalDep

router = APIRouter(prefix="/imports", tags=["imports"])


@router.post(
    "/{entity}",
    response_model=ImportReport,
    summary="Import a CSV, XLSX or JSON file into one entity, with a per-row report",
    description="Admins import every entity; an officer imports rows of their own parks (carriers, "
    "tenancies...), each row checked. Columns are field names or their Chinese headers (名称, "
    "统一社会信用代码, 省份, 注册资本(万元)...); list cells are separated by 、 , ; or |. The answer is "
    "200 with the report whether or not rows failed; an unreadable file is 422 on `file`.",
)
def import_entity(
    session: SessionDep,
    principal: PrincipalDep,
    entity: Annotated[str, Path(description=f"one of: {', '.join(ENTITIES)}")],
    file: Annotated[UploadFile, File(description="CSV (UTF-8 or GBK), XLSX, or JSON (array or lines)")],
    mode: Annotated[ImportMode, Query(description="partial stores the good rows")] = ImportMode.partial,
    file_format: Annotated[
        FileFormat | None, Query(alias="format", description="default: from the file name or content")
    ] = None,
    dry_run: Annotated[bool, Query(description="check every row, store nothing")] = False,
    upsert: Annotated[
        bool, Query(description="update the stored row with the same natural key instead of failing")
    ] = False,
) -> ImportReport:
    spec = get_spec(entity)
    options = ImportOptions(mode=mode, dry_run=dry_run, upsert=upsert, file_format=file_format)
    return import_file(session, principal, spec, file.file, file.filename, options)
