"""`python -m services.gateway [--host 127.0.0.1] [--port 8000]`: the gateway under uvicorn."""

import argparse

import uvicorn


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m services.gateway", description="the ParkMatch gateway")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    uvicorn.run(
        "services.gateway.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        access_log=False,
        proxy_headers=False,  # X-Forwarded-For counts from TRUSTED_PROXIES alone (services/gateway/core.py)
    )


if __name__ == "__main__":
    main()
