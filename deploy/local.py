"""`make run`: start every ParkMatch service on this machine and print where to look.

Gateway on 8000, catalog on 8001, match on 8002 (uvicorn processes on 127.0.0.1). The first run
writes a random internal token to `.env` so the services trust each other and nobody else.
"""

import importlib.util
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx

from shared.settings import PROJECT_ROOT

ENV_FILE = PROJECT_ROOT / ".env"
# A first start of the match service builds its indexes from the catalog: minutes on 2 busy cores.
# A service that fails stops its process, which ends the wait at once.
STARTUP_TIMEOUT_SECONDS = 30 * 60.0


@dataclass(frozen=True)
class Service:
    name: str
    module: str  # module holding create_app()
    port: int


SERVICES = [
    Service("catalog", "services.catalog.app", 8001),
    Service("match", "services.match.app", 8002),
    Service("gateway", "services.gateway.app", 8000),
]


def ensure_internal_token(env_file: Path = ENV_FILE) -> None:
    """Give the services a shared secret on first run; keep the one already there."""
    lines = env_file.read_text().splitlines() if env_file.exists() else []
    if any(line.startswith("INTERNAL_TOKEN=") for line in lines):
        return
    lines.append(f"INTERNAL_TOKEN={secrets.token_urlsafe(32)}")
    env_file.write_text("\n".join(lines) + "\n")
    env_file.chmod(0o600)


def available(service: Service) -> bool:
    return importlib.util.find_spec(service.module) is not None


def start(
    service: Service, env: Mapping[str, str] | None = None, output: IO[bytes] | None = None
) -> subprocess.Popen[bytes]:
    """Serve `service` on 127.0.0.1 in its own process (environment: this one's, or `env`; its log:
    this terminal, or `output`)."""
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        f"{service.module}:create_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(service.port),
        "--no-access-log",
    ]
    environment = {**(os.environ if env is None else env), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        command,
        cwd=PROJECT_ROOT,
        env=environment,
        stdout=output,
        stderr=None if output is None else subprocess.STDOUT,
    )


def wait_healthy(
    service: Service, process: subprocess.Popen[bytes], timeout: float = STARTUP_TIMEOUT_SECONDS
) -> bool:
    deadline = time.monotonic() + timeout
    url = f"http://127.0.0.1:{service.port}/healthz"
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    return False


def main() -> int:
    ensure_internal_token()
    running: list[tuple[Service, subprocess.Popen[bytes]]] = []

    def stop_all(*_: object) -> None:
        for _service, process in reversed(running):
            if process.poll() is None:
                process.terminate()
        for _service, process in running:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()

    def stop_and_exit(*_: object) -> None:
        stop_all()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop_and_exit)
    try:
        for service in SERVICES:
            if not available(service):
                print(f"  {service.name:<8} not built yet, skipped")
                continue
            process = start(service)
            running.append((service, process))
            print(f"  {service.name:<8} starting on http://127.0.0.1:{service.port} ...", flush=True)
            if not wait_healthy(service, process):
                print(f"  {service.name:<8} did not become healthy; see its log above", file=sys.stderr)
                stop_all()
                return 1
        print("\nParkMatch is running:")
        for service, _process in running:
            print(f"  {service.name:<8} http://127.0.0.1:{service.port}/docs")
        print("Press Ctrl-C to stop.", flush=True)
        while all(process.poll() is None for _service, process in running):
            time.sleep(1)
        print("a service stopped; stopping the others", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stop_all()


if __name__ == "__main__":
    sys.exit(main())
