"""A park's six-track radar against its peer median, as a PNG, from the match service's scorecard.

    python -m services.match.evaluation.report PARK_ID [PARK_ID ...] [--out DIRECTORY]

One PNG per park asked for, ``park-PARK_ID.png`` under ``var/evaluation/`` (or DIRECTORY). Reads
``GET /api/v1/evaluation/parks/{id}`` of the match service (``Settings.match_url``);
``python -m benchmarks.eval radar PARK_ID ...`` (``make eval``'s entry) runs the same.
"""

import argparse
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx
from matplotlib import font_manager
from matplotlib.figure import Figure

from shared.settings import get_settings

# A font with Chinese glyphs when the machine has one (the track names are Chinese): its file names.
CJK_FONT_FILES = ("wqy", "notosanscjk", "sourcehansans", "simhei")


def _font() -> str | None:
    for path in font_manager.findSystemFonts():
        if any(name in Path(path).name.lower().replace("-", "") for name in CJK_FONT_FILES):
            font_manager.fontManager.addfont(path)
            return str(font_manager.FontProperties(fname=path).get_name())
    return None


def radar(card: dict[str, Any], path: Path) -> Path:
    """Draw the scorecard's radar (track scores 0-100) and its peers' median; write it to `path`."""
    points = card["radar"]
    angles = [2 * math.pi * i / len(points) for i in range(len(points))]
    figure = Figure(figsize=(6.4, 6.4), layout="constrained")
    font = _font()
    ax = figure.add_subplot(projection="polar")
    for key, label, style in (
        ("score", card["name"], "-"),
        ("peer_median", "同类园区中位数 peer median", "--"),
    ):
        values = [p[key] or 0.0 for p in points]
        ax.plot([*angles, angles[0]], [*values, values[0]], style, label=label)
        if key == "score":
            ax.fill([*angles, angles[0]], [*values, values[0]], alpha=0.2)
    ax.set_xticks(angles, [p["track"] for p in points], fontfamily=font)
    ax.set_ylim(0, 100)
    ax.set_yticks([25, 50, 75, 100])
    ax.legend(loc="lower right", bbox_to_anchor=(1.1, -0.1), prop={"family": font, "size": 8})
    figure.suptitle(
        f"{card['name']}: 未来产业六赛道 (rank {card['rank']}, peers: {card['peer_group']})\n"
        f"track score = weighted percentile among peers (docs/evaluation.md; tracks {card['tracks_version']})",
        fontsize=9,
        fontfamily=font,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    return path


def draw(park_ids: Sequence[int], directory: Path, match_url: str) -> list[Path]:
    """Each park's radar, as `directory`/park-ID.png."""
    written = []
    with httpx.Client(base_url=match_url, timeout=120) as http:
        for park_id in park_ids:
            response = http.get(f"/api/v1/evaluation/parks/{park_id}")
            response.raise_for_status()
            written.append(radar(response.json(), directory / f"park-{park_id}.png"))
    return written


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("park_ids", type=int, nargs="+", metavar="PARK_ID")
    parser.add_argument("--out", type=Path, help="the directory of the PNGs (default var/evaluation/)")
    args = parser.parse_args(argv)
    settings = get_settings()
    for path in draw(args.park_ids, args.out or settings.data_dir / "evaluation", settings.match_url):
        print(path)


if __name__ == "__main__":
    main()
