"""`make run`: start every ParkMatch service on this machine and print where to look.

Gateway on 8000, catalog on 8001, match on 8002 (uvicorn processes on 127.0.0.1). The first run
writes a random internal token to `.env` so the services trust each other and nobody else.
"""

import importlib.util
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

from shared.serving import Service, start, wait_healthy
from shared.settings import PROJECT_ROOT

ENV_FILE = PROJECT_ROOT / ".env"
GETTING_STARTED = """
The web console: http://127.0.0.1:8000/ (sign in with an API key; README "Using the console").
Public data (parks, carriers, policies, chains) is readable without a key, e.g.
  curl 'http://127.0.0.1:8000/api/v1/parks?q=苏州&limit=3'
Everything else takes an API key; make the first admin key with
  .venv/bin/python -m services.gateway.cli create-key --role admin --name me
then, for example,
  curl -H "Authorization: Bearer $KEY" -H 'content-type: application/json' \\
       -d '{"text": "锂电池正极材料", "limit": 5}' http://127.0.0.1:8000/api/v1/match/companies-for-node
"""

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
        print(GETTING_STARTED)
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
