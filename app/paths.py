"""Where the app keeps its files: the user's data, config and log folders, and its resources.

`THIDUA_HOME` moves all user folders under one directory (portable installs, tests).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

_APP = "thidua"


def _home_override() -> Path | None:
    value = os.environ.get("THIDUA_HOME")
    return Path(value) if value else None


def data_dir() -> Path:
    home = _home_override()
    return home / "data" if home else Path(platformdirs.user_data_dir(_APP, appauthor=False))


def config_dir() -> Path:
    home = _home_override()
    return home / "config" if home else Path(platformdirs.user_config_dir(_APP, appauthor=False))


def cache_dir() -> Path:
    """Files the app can always make again (compiled forms): safe to delete."""
    home = _home_override()
    return home / "cache" if home else Path(platformdirs.user_cache_dir(_APP, appauthor=False))


def log_dir() -> Path:
    home = _home_override()
    return home / "logs" if home else Path(platformdirs.user_log_dir(_APP, appauthor=False))


def documents_dir() -> Path:
    """Where built dossiers are written for the user to open, print and send: a folder in
    their Documents (an ASCII name, as e-mail gateways and USB sticks keep it)."""
    home = _home_override()
    return home / "ho-so" if home else Path(platformdirs.user_documents_dir()) / "Ho so thi dua"


def default_database() -> Path:
    return data_dir() / "thidua.sqlite"


def demo_database() -> Path:
    return data_dir() / "du-lieu-mau.sqlite"


def _install_root() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)  # PyInstaller one-folder build
    return Path(frozen_root) if frozen_root else Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return _install_root() / "resources"


def forms_dir() -> Path:
    """The official forms shipped with the app, one folder per legal regime."""
    return _install_root() / "forms"


def user_forms_dir() -> Path:
    """Where a user puts an edited copy of a form to override the shipped one."""
    return data_dir() / "forms"
