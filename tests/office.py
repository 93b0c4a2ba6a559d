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
    return convert_all([source], fmt, outdir)[0]


def convert_all(sources: list[Path], fmt: str, outdir: Path) -> list[Path]:
    """Several files converted by one LibreOffice start (it takes seconds to start)."""
    outdir.mkdir(parents=True, exist_ok=True)
    profile = (outdir / "lo-profile").as_uri()
    subprocess.run(
        [tool("soffice"), f"-env:UserInstallation={profile}", "--headless", "--convert-to", fmt,
         "--outdir", str(outdir), *map(str, sources)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return [outdir / source.with_suffix(f".{fmt}").name for source in sources]


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


def words(lines) -> list[str]:
    """Text compared whitespace-normalised: line breaks fall differently in each renderer."""
    return " ".join(lines).split()


def without_page_numbers(pages: list[str], repeated: list[str] = ()) -> list[str]:
    """The lines of all pages, checking that page 2 onwards starts with its number; a table
    header row in `repeated` that a page starts with again (a table going over) is dropped."""
    lines = []
    for number, page in enumerate(pages, start=1):
        page_lines = [line for line in page.splitlines() if line.strip()]
        if number > 1:
            assert page_lines[0].strip() == str(number)  # the number at the top of page 2+
            page_lines = page_lines[1:]
            for header in repeated:
                size = len(header.split())
                if " ".join(page_lines).split()[:size] == header.split():
                    page_lines = " ".join(page_lines).split()[size:]
        lines += page_lines
    return lines


def docx_table_headers(path: Path) -> list[str]:
    """The header row of each ruled table of a DOCX (three columns or more: not the head or
    the signatures), as one line of text."""
    from docx import Document as open_docx

    tables = open_docx(str(path)).tables
    return [" ".join(c.text for c in t.rows[0].cells) for t in tables if len(t.columns) >= 3]


def docx_lines(path: Path) -> list[str]:
    """Body paragraphs and table cell paragraphs of a DOCX in reading order; a line break
    inside a paragraph reads as a space."""
    from docx import Document as open_docx
    from docx.oxml.ns import qn

    def text(paragraph) -> str:
        return "".join(
            " " if e.tag == qn("w:br") else e.text or ""
            for e in paragraph.iter(qn("w:t"), qn("w:br"))
        )

    out = []
    for child in open_docx(str(path)).element.body.iterchildren():
        if child.tag == qn("w:p"):
            out.append(text(child))
        elif child.tag == qn("w:tbl"):
            for cell in child.iter(qn("w:tc")):
                for p in cell.iter(qn("w:p")):
                    out.append(text(p))
    return [line for line in out if line.strip()]
