"""Running ParkMatch services as processes on this machine: `make run`, the benchmarks and the tests."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import httpx

from shared.settings import PROJECT_ROOT

# A first start of the match service builds its indexes from the catalog: minutes on 2 busy cores.
# A service that fails stops its process, which ends the wait at once.
STARTUP_TIMEOUT_SECONDS = 30 * 60.0


@dataclass(frozen=True)
class Service:
    name: str
    module: str  # module holding create_app()
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start(
    service: Service, env: Mapping[str, str] | None = None, output: IO[bytes] | None = None
) -> subprocess.Popen[bytes]:
    """Serve `service` on 127.0.0.1 in its own process (environment: this one's, or `env`; its log:
    this terminal, or `output`)."""
    command = [
        sys.executable, "-m", "uvicorn", f"{service.module}:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(service.port), "--no-access-log",
        "--no-proxy-headers",  # the gateway trusts X-Forwarded-For from TRUSTED_PROXIES alone
    ]  # fmt: skip
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
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            if httpx.get(f"{service.url}/healthz", timeout=1.0).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    return False


@contextmanager
def serving(service: Service, env: Mapping[str, str], log: Path) -> Iterator[None]:
    """`service` running on its loopback port until the block ends; its output goes to `log`."""
    with log.open("ab") as output:
        process = start(service, env, output)
    try:
        if not wait_healthy(service, process):
            lines = [line for line in log.read_text(errors="replace").splitlines() if line.strip()]
            raise RuntimeError(
                f"the {service.name} service did not start: {lines[-1] if lines else 'no output'}"
            )
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)
