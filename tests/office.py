"""LibreOffice and poppler, driven by the tests that need a second opinion on our files.
Outside CI a missing tool skips such a test with the reason; under CI it fails it (.ci/run
installs them)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing: .ci/run installs it")
        pytest.skip(f"{name} is not installed here; CI installs it")
    return path


def convert(source: Path, fmt: str, outdir: Path) -> Path:
    """`source` saved by LibreOffice as `fmt` (ods, xls, pdf…) into `outdir`."""
    outdir.mkdir(parents=True, exist_ok=True)
    profile = (outdir / "lo-profile").as_uri()
    subprocess.run(
        [tool("soffice"), f"-env:UserInstallation={profile}", "--headless", "--convert-to", fmt,
         "--outdir", str(outdir), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return outdir / source.with_suffix(f".{fmt}").name


def pdf_text(pdf: Path) -> list[str]:
    """The text of each page in content order, as pdftotext extracts it."""
    out = subprocess.run(
        [tool("pdftotext"), "-raw", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return out.split("\f")[:-1] if out.endswith("\f") else out.split("\f")


def pdf_fonts(pdf: Path) -> list[tuple[str, bool, bool]]:
    """(name, embedded, subset) of every font in the file, as pdffonts lists them."""
    out = subprocess.run(
        [tool("pdffonts"), str(pdf)], check=True, capture_output=True, text=True
    ).stdout.splitlines()[2:]
    fonts = []
    for line in out:
        name, *_, emb, sub, _uni, _obj, _gen = line.split()
        fonts.append((name, emb == "yes", sub == "yes"))
    return fonts
