"""Atomic on-disk layout of a saved index: a faiss file plus a manifest that commits it.

A save writes `vectors-<token>.faiss`, then atomically replaces `manifest.json`, which names that
file. Readers only follow the manifest, so they see either the previous save or the new one, never
a half-written file. Older vector files are deleted once the new manifest is in place.
"""

import fcntl
import json
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import faiss

from services.match.index.errors import IndexLoadError

MANIFEST_NAME = "manifest.json"
FORMAT_VERSION = 1
_LOCK_NAME = ".lock"
_VECTORS_GLOB = "vectors-*.faiss"
_TEMPORARY_GLOB = ".*.tmp"  # left by an interrupted save; writers hold the lock, so none is in use
_READ_ATTEMPTS = 3


@dataclass(frozen=True, slots=True)
class Manifest:
    backend: str
    dim: int
    count: int
    vectors_file: str
    vectors_bytes: int
    params: dict[str, int] = field(default_factory=dict)
    format: int = FORMAT_VERSION


def write(directory: Path, index: faiss.Index, backend: str, params: dict[str, int]) -> None:
    """Save `index` under `directory` (created if needed), replacing any previous save atomically."""
    directory.mkdir(parents=True, exist_ok=True)
    with _exclusive(directory):
        name = f"vectors-{secrets.token_hex(8)}.faiss"
        temporary = directory / f".{name}.tmp"
        faiss.write_index(index, str(temporary))
        _fsync(temporary)
        temporary.replace(directory / name)
        manifest = Manifest(
            backend=backend,
            dim=index.d,
            count=index.ntotal,
            vectors_file=name,
            vectors_bytes=(directory / name).stat().st_size,
            params=params,
        )
        _write_text_atomically(directory / MANIFEST_NAME, json.dumps(asdict(manifest), indent=2))
        for stale in [*directory.glob(_VECTORS_GLOB), *directory.glob(_TEMPORARY_GLOB)]:
            if stale.name != name:
                stale.unlink()


def read(directory: Path) -> tuple[Manifest, faiss.Index]:
    """Load the manifest and the faiss index it names; raise `IndexLoadError` if anything is off."""
    manifest = _read_manifest(directory)
    for _ in range(_READ_ATTEMPTS - 1):
        try:
            return manifest, _read_vectors(directory, manifest)
        except IndexLoadError:
            # A concurrent save may have replaced the manifest and deleted the file it named.
            latest = _read_manifest(directory)
            if latest == manifest:
                raise
            manifest = latest
    return manifest, _read_vectors(directory, manifest)


def _read_vectors(directory: Path, manifest: Manifest) -> faiss.Index:
    path = directory / manifest.vectors_file
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise IndexLoadError(f"{path} named by {directory / MANIFEST_NAME} is unreadable: {exc}") from exc
    if size != manifest.vectors_bytes:
        raise IndexLoadError(f"{path} has {size} bytes, the manifest expects {manifest.vectors_bytes}")
    try:
        index = faiss.read_index(str(path))
    except RuntimeError as exc:
        raise IndexLoadError(f"{path} is not a readable faiss index: {exc}") from exc
    if index.d != manifest.dim or index.ntotal != manifest.count:
        raise IndexLoadError(
            f"{path} holds {index.ntotal} vectors of dim {index.d}, "
            f"the manifest expects {manifest.count} of dim {manifest.dim}"
        )
    return index


def _read_manifest(directory: Path) -> Manifest:
    path = directory / MANIFEST_NAME
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise IndexLoadError(f"no saved index in {directory}: {MANIFEST_NAME} is missing") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IndexLoadError(f"{path} is unreadable: {exc}") from exc
    if not isinstance(raw, dict) or raw.get("format") != FORMAT_VERSION:
        raise IndexLoadError(f"{path} is not a format-{FORMAT_VERSION} index manifest")
    try:
        manifest = Manifest(**raw)
    except TypeError as exc:
        raise IndexLoadError(f"{path} has unexpected fields: {exc}") from exc
    if not (
        isinstance(manifest.backend, str)
        and all(isinstance(v, int) for v in (manifest.dim, manifest.count, manifest.vectors_bytes))
        and isinstance(manifest.vectors_file, str)
        and Path(manifest.vectors_file).name == manifest.vectors_file
        and isinstance(manifest.params, dict)
        and all(isinstance(v, int) for v in manifest.params.values())
    ):
        raise IndexLoadError(f"{path} has fields of the wrong type")
    return manifest


def _write_text_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    _fsync(temporary)
    temporary.replace(path)
    _fsync(path.parent)


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextmanager
def _exclusive(directory: Path) -> Iterator[None]:
    """Serialise writers of one directory, across threads and processes."""
    with (directory / _LOCK_NAME).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
