"""The one settings class. Every external resource the services use is named here.

Values come from the environment (or a `.env` file in the working directory), so tests and
deployments point the services elsewhere without touching code.
"""

from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network
from pathlib import Path
from typing import Literal

from pydantic import Field, IPvAnyNetwork, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # Where the embedded defaults keep their files (SQLite database, indexes, converted model).
    data_dir: Path = PROJECT_ROOT / "var"
    # Real public reference data given beside the repository (read, never copied).
    reference_data_dir: Path = PROJECT_ROOT.parent / "shared" / "data"

    # Catalog database: SQLite file under data_dir unless DATABASE_URL names another engine.
    database_url: str | None = None
    database_echo: bool = False

    # Service-to-service addresses and trust.
    catalog_url: str = "http://127.0.0.1:8001"
    match_url: str = "http://127.0.0.1:8002"
    # Shared secret that lets a service forward the caller (X-Principal) to another service.
    internal_token: SecretStr = SecretStr("")

    # Limits.
    max_body_bytes: int = 2 * 1024 * 1024
    max_upload_bytes: int = 20 * 1024 * 1024
    max_page_size: int = 200
    # Catalog imports: what one file may hold; a file beyond a limit is refused (422 on `file`).
    import_max_rows: int = Field(default=200_000, ge=1)
    import_max_columns: int = Field(default=200, ge=1)
    import_max_cells: int = Field(default=4_000_000, ge=1)
    # XLSX: the zip members' sizes together once unpacked, read from the zip directory before reading.
    import_max_uncompressed_bytes: int = Field(default=100 * 1024 * 1024, ge=1)
    # JSON: arrays and objects inside each other.
    import_max_nesting: int = Field(default=32, ge=2)
    # Digits of one number (the fractional part included).
    import_max_digits: int = Field(default=30, ge=1)
    # Files up to this size are imported within the request (200 and the report); larger ones, or any
    # with ?background=true, run as a job (202; GET or DELETE /api/v1/imports/jobs/{job_id}).
    import_sync_max_bytes: int = Field(default=512 * 1024, ge=0)
    # A job commits after each chunk of rows, so other writers wait at most one chunk.
    import_chunk_rows: int = Field(default=2_000, ge=1)
    default_page_size: int = 50

    # Match service: embedding model and index files. The default model is converted once into
    # models_dir (shared by every data_dir); EMBEDDING_MODEL_DIR names any other local model directory.
    models_dir: Path = PROJECT_ROOT / "var" / "models"
    embedding_model_dir: Path | None = None
    # "torch-bf16": bfloat16 matrix products (cosine 0.99999 to float32, ~2.5x faster here); "torch": float32.
    embedding_backend: Literal["torch-bf16", "torch"] = "torch-bf16"
    # Tokens per text the encoder keeps (company profiles reach ~175); longer texts are truncated.
    embedding_max_seq_length: int = Field(default=256, ge=16, le=512)
    embedding_batch_size: int = Field(default=32, ge=1)
    # Batches encoded at once, one torch thread each; default: one per CPU this process may use.
    embedding_workers: int | None = Field(default=None, ge=1)
    index_dir: Path | None = None
    exact_index_max: int = 200_000
    # The match service's own records (officers' feedback); SQLite under data_dir unless set.
    match_database_url: str | None = None
    change_poll_seconds: float = 2.0

    # Gateway.
    redis_url: str | None = None
    rate_limit_per_minute: int = 600
    anonymous_rate_limit_per_minute: int = 120
    # How long the gateway waits for an upstream's answer, retries included, by the kind of route
    # (services/gateway/access.py declares each route's kind): catalog reads and single writes,
    # match questions, whole files (imports, exports). A frozen upstream costs a caller at most this.
    upstream_timeout_seconds: float = Field(default=1.5, gt=0)
    match_timeout_seconds: float = Field(default=8.0, gt=0)
    bulk_timeout_seconds: float = Field(default=120.0, gt=0)
    breaker_failure_threshold: int = 5
    breaker_reset_seconds: float = 5.0
    # A call slower than this share of its route's timeout counts as a failure for the breaker.
    breaker_slow_call_ratio: float = Field(default=0.5, gt=0, le=1)
    # How long the gateway trusts a verified API key (a revocation shows within this time).
    api_key_cache_seconds: float = 30.0
    # The gateway's HTTP transport to the upstreams: "aiohttp" (httpx-aiohttp) or "httpx" (httpx's own).
    gateway_transport: Literal["aiohttp", "httpx"] = "aiohttp"
    # Prefix of the rate-limit buckets in Redis; replicas sharing a budget share the prefix.
    rate_limit_redis_prefix: str = "parkmatch:ratelimit:"
    # Reverse proxies (addresses or networks, as JSON: '["10.0.0.0/8"]') whose X-Forwarded-For names
    # the caller; from any other client the header is ignored and the connection's address counts.
    trusted_proxies: list[IPvAnyNetwork] = []
    # A POST with an Idempotency-Key: how long its answer is replayed to retries; where Redis keeps it.
    idempotency_ttl_seconds: float = Field(default=24 * 3600.0, gt=0)
    idempotency_redis_prefix: str = "parkmatch:idempotency:"

    # Interactive API docs (/docs, /redoc) and the OpenAPI document of every service; off where a
    # deployment must not show them.
    serve_docs: bool = True
    # Client addresses (JSON list of networks) the gateway serves Prometheus metrics (/metrics) to;
    # [] serves them to no one. The caller's address is found as for rate limits (TRUSTED_PROXIES).
    metrics_networks: list[IPvAnyNetwork] = [IPv4Network("127.0.0.0/8"), IPv6Network("::1/128")]
    # Sent with every response: the web console and the docs load everything from their own origin.
    content_security_policy: str = (
        # Styles inline too: the console's component library writes its styles at run time.
        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; "
        "base-uri 'none'; "
        "form-action 'self'; frame-ancestors 'none'"
    )

    # The web console's build output (`make console`): served by the gateway at /, and the docs
    # pages' Swagger UI and ReDoc assets (every service's /docs and /redoc) under docs-assets/.
    console_dir: Path = PROJECT_ROOT / "console" / "dist"

    log_level: str = "INFO"
    log_json: bool = True

    @field_validator("database_url")
    @classmethod
    def _empty_is_default(cls, value: str | None) -> str | None:
        return value or None

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            url = self.database_url
            if url.startswith("postgresql://"):
                url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
            return url
        return f"sqlite:///{self.data_dir / 'catalog.sqlite3'}"

    @property
    def match_sqlalchemy_url(self) -> str:
        if self.match_database_url:
            return self.match_database_url.replace("postgresql://", "postgresql+psycopg://", 1)
        return f"sqlite:///{self.data_dir / 'match.sqlite3'}"

    @property
    def model_dir(self) -> Path:
        return self.embedding_model_dir or self.models_dir / "multilingual-e5-small"

    @property
    def indexes_dir(self) -> Path:
        return self.index_dir or self.data_dir / "indexes"

    upstream_retries: int = Field(default=2, ge=0, le=5)


@lru_cache
def get_settings() -> Settings:
    return Settings()
