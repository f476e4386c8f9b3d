"""Import jobs: a large file is imported in the background, one job at a time per catalog process.

`POST /imports/{entity}` checks the caller and the file's header at once (a refused file is a 422 then,
not a failed job), saves the upload under `<data_dir>/imports/` and queues a job. The worker imports it
with `commit_chunks`: every chunk of rows is its own short transaction, so other writes go on (on SQLite
too), and after each chunk it records the progress and looks whether the uploader cancelled. At the end
the job holds the per-row report (or the error that refused the file) and the upload is deleted.

A job left queued or running by a catalog that stopped is marked failed when the catalog starts again:
the chunks it committed stay, and its progress says how far it got.
"""

import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from services.catalog.imports.models import FINISHED, ImportJob, ImportJobStatus
from services.catalog.imports.readers import FileFormat, ImportLimits
from services.catalog.imports.registry import EntitySpec, get_spec
from services.catalog.imports.schemas import ImportMode
from services.catalog.imports.service import ImportOptions, ImportStopped, import_file
from services.catalog.kit.models import utcnow
from shared.errors import AppError, Conflict, NotFound
from shared.logging import get_logger
from shared.principal import Principal
from shared.settings import Settings

log = get_logger(__name__)

CANCELLED = "cancelled by the uploader"
SHUT_DOWN = "the catalog shut down"


def uploads_dir(settings: Settings) -> Path:
    return settings.data_dir / "imports"


def create_job(
    session: Session,
    principal: Principal,
    spec: EntitySpec,
    filename: str | None,
    options: ImportOptions,
    upload: BinaryIO,
    settings: Settings,
) -> ImportJob:
    """Queue a job for a file already checked; its upload is kept until the job has run."""
    job = ImportJob(
        entity=spec.name,
        filename=filename,
        options=_options_json(options),
        principal=principal.to_header(),
        status=ImportJobStatus.queued,
        rows_read=0,
        cancel_requested=False,
    )
    session.add(job)
    session.flush()
    folder = uploads_dir(settings)
    folder.mkdir(parents=True, exist_ok=True)
    upload.seek(0)
    with upload_path(settings, job.id).open("wb") as target:
        shutil.copyfileobj(upload, target)
    return job


def upload_path(settings: Settings, job_id: int) -> Path:
    return uploads_dir(settings) / f"{job_id}.upload"


def get_job(session: Session, principal: Principal, job_id: int) -> ImportJob:
    """The caller's own job (admins: any); another's is a 404."""
    job = session.get(ImportJob, job_id)
    if job is None or not (principal.is_admin or job.principal == principal.to_header()):
        raise NotFound.entity("import job", job_id)
    return job


def cancel_job(session: Session, principal: Principal, job_id: int) -> ImportJob:
    """Ask a queued or running job to stop after its current chunk; a finished job is a 409."""
    job = get_job(session, principal, job_id)
    if job.status in FINISHED:
        raise Conflict(
            f"import job {job_id} has already {job.status}",
            details=[{"field": "job_id", "reason": f"the job has {job.status}"}],
        )
    job.cancel_requested = True
    return job


def _options_json(options: ImportOptions) -> dict[str, Any]:
    return {
        "mode": options.mode.value,
        "dry_run": options.dry_run,
        "upsert": options.upsert,
        "format": options.file_format.value if options.file_format else None,
    }


def _options(raw: dict[str, Any], chunk_rows: int) -> ImportOptions:
    return ImportOptions(
        mode=ImportMode(raw["mode"]),
        dry_run=raw["dry_run"],
        upsert=raw["upsert"],
        file_format=FileFormat(raw["format"]) if raw["format"] else None,
        chunk_rows=chunk_rows,
    )


class ImportWorker:
    """Runs the queued jobs one at a time on a thread of the catalog process."""

    def __init__(self, factory: sessionmaker[Session], settings: Settings) -> None:
        self.factory = factory
        self.settings = settings
        self.limits = ImportLimits.from_settings(settings)
        self.stopping = threading.Event()
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-job")

    def start(self) -> None:
        """Jobs a previous process left unfinished are failed: their committed chunks stay."""
        with self.factory() as session:
            session.execute(
                update(ImportJob)
                .where(ImportJob.status.in_([ImportJobStatus.queued, ImportJobStatus.running]))
                .values(
                    status=ImportJobStatus.failed,
                    error={
                        "code": "interrupted",
                        "message": "the catalog stopped before the job finished; the rows counted in "
                        "rows_read were committed as they were read",
                        "details": [],
                    },
                    finished_at=utcnow(),
                    updated_at=utcnow(),
                )
            )
            session.commit()

    def submit(self, job_id: int) -> None:
        self.executor.submit(self.run, job_id)

    def stop(self) -> None:
        self.stopping.set()
        self.executor.shutdown(wait=True, cancel_futures=True)

    def run(self, job_id: int) -> None:
        path = upload_path(self.settings, job_id)
        try:
            self._run(job_id, path)
        except Exception:  # a worker must outlive any one job; the job says it failed
            log.exception("import job failed", extra={"job_id": job_id})
            self._finish(job_id, ImportJobStatus.failed, error=_error("internal_error", "internal error"))
        finally:
            path.unlink(missing_ok=True)

    def _run(self, job_id: int, path: Path) -> None:
        with self.factory() as session:
            job = session.get(ImportJob, job_id)
            if job is None or job.status != ImportJobStatus.queued:
                return
            if job.cancel_requested:
                self._finish(job_id, ImportJobStatus.cancelled, error=_error("cancelled", CANCELLED))
                return
            job.status = ImportJobStatus.running
            session.commit()
            options = _options(job.options, self.settings.import_chunk_rows)
            principal = Principal.from_header(job.principal)
            # An all-or-nothing import is one transaction: on SQLite it holds the write lock to the end,
            # so its progress is not written meanwhile (a cancel is still read between chunks).
            one_transaction = options.mode is ImportMode.all_or_nothing and not options.dry_run

            def progress(rows: int) -> None:
                self._progress(job_id, 0 if one_transaction else rows)

            try:
                with path.open("rb") as stream:
                    report = import_file(
                        session,
                        principal,
                        get_spec(job.entity),
                        stream,
                        job.filename,
                        options,
                        self.limits,
                        progress,
                        commit_chunks=True,
                    )
                session.commit()
            except AppError as exc:
                session.rollback()
                self._finish(job_id, ImportJobStatus.failed, error=_error(exc.code, exc.message, exc.details))
                return
        status = ImportJobStatus.succeeded
        if report.stopped:
            status = (
                ImportJobStatus.cancelled if report.stopped.startswith(CANCELLED) else ImportJobStatus.failed
            )
        self._finish(job_id, status, report=report.model_dump(mode="json"), rows=report.total_rows)

    def _progress(self, job_id: int, rows: int) -> None:
        """Count the rows of a committed chunk; stop if the uploader cancelled or the catalog stops."""
        with self.factory() as session:
            if rows:
                session.execute(
                    update(ImportJob)
                    .where(ImportJob.id == job_id)
                    .values(rows_read=ImportJob.rows_read + rows, updated_at=utcnow())
                )
            cancelled = session.scalar(select(ImportJob.cancel_requested).where(ImportJob.id == job_id))
            session.commit()
        if cancelled:
            raise ImportStopped(CANCELLED)
        if self.stopping.is_set():
            raise ImportStopped(SHUT_DOWN)

    def _finish(
        self,
        job_id: int,
        status: ImportJobStatus,
        *,
        report: dict[str, Any] | None = None,
        error: dict[str, Any] | None = None,
        rows: int | None = None,
    ) -> None:
        """The job's end: its status, report or error, and (with a report) the rows it read in all."""
        counted = {} if rows is None else {"rows_read": rows}
        with self.factory() as session:
            session.execute(
                update(ImportJob)
                .where(ImportJob.id == job_id)
                .values(
                    status=status,
                    report=report,
                    error=error,
                    finished_at=utcnow(),
                    updated_at=utcnow(),
                    **counted,
                )
            )
            session.commit()


def _error(code: str, message: str, details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"code": code, "message": message, "details": details or []}
