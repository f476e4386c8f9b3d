"""The web console's weight and first render, for `make bench`: the gzipped JavaScript of the first
screen (the entry script and the chunks it preloads; every page loads lazily after it), of the whole
build and of the largest lazy chunk, and how long headless Chromium takes, through a gateway on a
loopback port, to paint and to show the sign-in form."""

import gzip
import json
import os
import re
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from shared.serving import Service, free_port, serving
from shared.settings import PROJECT_ROOT, get_settings

FIRST_SCREEN_TARGET_KB = 500.0
CONSOLE_DIR = PROJECT_ROOT / "console"
FIRST_SCREEN_ASSET = re.compile(
    r'<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="/([^"]+\.js)"'
)


@dataclass(frozen=True)
class BundleSizes:
    first_screen_kb: float
    all_js_kb: float
    largest_lazy_kb: float
    largest_lazy: str


@dataclass(frozen=True)
class ConsoleBench:
    sizes: BundleSizes
    first_contentful_paint_ms: float
    sign_in_ms: float


def gzip_kb(path: Path) -> float:
    return len(gzip.compress(path.read_bytes(), compresslevel=9)) / 1024


def first_screen_files(dist: Path) -> list[Path]:
    """The scripts index.html loads before anything renders (entry and module preloads)."""
    return [dist / name for name in FIRST_SCREEN_ASSET.findall((dist / "index.html").read_text())]


def bundle_sizes(dist: Path) -> BundleSizes:
    first = first_screen_files(dist)
    scripts = sorted((dist / "assets").glob("*.js"))
    lazy = max((path for path in scripts if path not in first), key=gzip_kb)
    return BundleSizes(
        first_screen_kb=sum(gzip_kb(path) for path in first),
        all_js_kb=sum(gzip_kb(path) for path in scripts),
        largest_lazy_kb=gzip_kb(lazy),
        largest_lazy=lazy.name,
    )


def run(progress: Callable[[str], None] = print) -> ConsoleBench:
    settings = get_settings()
    sizes = bundle_sizes(settings.console_dir)
    progress("console: gateway on a loopback port, headless Chromium loads the sign-in screen")
    gateway = Service("gateway", "services.gateway.app", free_port())
    env = {**os.environ, "INTERNAL_TOKEN": settings.internal_token.get_secret_value() or "bench-console"}
    with tempfile.TemporaryDirectory() as tmp, serving(gateway, env, Path(tmp) / "gateway.log"):
        result = subprocess.run(
            ["node", "e2e/first-render.mjs"],
            cwd=CONSOLE_DIR,
            env={**os.environ, "BASE_URL": gateway.url},
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
    render = json.loads(result.stdout.strip().splitlines()[-1])
    return ConsoleBench(sizes, float(render["first_contentful_paint_ms"]), float(render["sign_in_ms"]))
