"""The app's own small preferences (last database opened), in the user's config folder.

A JSON file rather than QSettings so the Qt-free CLI reads the same preferences.
"""

from __future__ import annotations

import contextlib
import json
import math
from pathlib import Path
from typing import Any

from app.atomic import atomic_write
from app.paths import config_dir


def _file() -> Path:
    return config_dir() / "settings.json"


def load() -> dict[str, Any]:
    try:
        data = json.loads(_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # absent or damaged preferences fall back to defaults; no user data is lost
    return data if isinstance(data, dict) else {}


def save(values: dict[str, Any]) -> None:
    with atomic_write(_file()) as partial:
        partial.write_text(json.dumps(values, ensure_ascii=False, indent=2), encoding="utf-8")


def last_database() -> Path | None:
    value = load().get("last_database")
    return Path(value) if isinstance(value, str) and value else None


def remember(**values: Any) -> None:
    """Keep some preferences; failing to remember one must not stop work. Unchanged ones are
    not written again (each start remembers the database it opened: no disk write, no sync)."""
    current = load()
    if all(current.get(key) == value for key, value in values.items()):
        return
    with contextlib.suppress(OSError):
        save({**current, **values})


def remember_database(path: Path) -> None:
    remember(last_database=str(Path(path).resolve()))


def window_state() -> tuple[str | None, str | None]:
    """The main window's saved geometry (base64) and last page, as it was closed."""
    values = load()
    geometry, page = values.get("window_geometry"), values.get("last_page")
    return (
        geometry if isinstance(geometry, str) else None,
        page if isinstance(page, str) else None,
    )


CERTIFICATE_OFFSET_LIMIT_MM = 20  # as the print refuses beyond it (documents.certificates)


def certificate_offset() -> tuple[float, float]:
    """How far this computer's printer is off when printing on pre-printed blanks: (right,
    down) in mm, as last set."""
    value = load().get("certificate_offset_mm")
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(
            isinstance(v, int | float)
            and not isinstance(v, bool)
            and math.isfinite(v)
            and abs(v) <= CERTIFICATE_OFFSET_LIMIT_MM
            for v in value
        )
    ):
        return float(value[0]), float(value[1])
    return 0.0, 0.0


def remember_certificate_offset(offset: tuple[float, float]) -> None:
    remember(certificate_offset_mm=[float(offset[0]), float(offset[1])])
