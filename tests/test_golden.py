"""Golden outputs of the demo, through the command line: the tally JSON, the text of every
document of the unit's dossier (DOCX and PDF), what the package says, and the Inspectorate's
consolidated documents. Code may move between modules; what a user gets may not change
without someone regenerating these files on purpose:

    .venv/bin/python -m pytest tests/test_golden.py --update-golden
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from tests.office import docx_lines, pdf_text, tool

GOLDEN = Path(__file__).parent / "golden"
# Values that differ on every run by design: keys, clocks, the app's own version; and the days
# left to a deadline, counted from today.
VOLATILE = {"key", "created_at", "built_at", "app_version"}
DAYS = re.compile(r"(quá hạn|còn) \d+ ngày")
# The Inspectorate's documents name when a package (exported today) was made and received
CLOCK = re.compile(r"\d{2} giờ \d{2} phút ngày \d{2}/\d{2}/\d{4}")
EXPORTED = re.compile(r"_\d{8}\.zip")


def _stable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_stable(v) for v in value]
    return DAYS.sub(r"\1 N ngày", value) if isinstance(value, str) else value


def _check(request: pytest.FixtureRequest, name: str, text: str) -> None:
    golden = GOLDEN / name
    if request.config.getoption("--update-golden"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8", newline="\n")
        return
    assert golden.is_file(), f"no golden file {golden}: run with --update-golden"
    assert text == golden.read_text(encoding="utf-8"), f"{name} differs from its golden copy"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    capsys.readouterr()
    assert main(list(argv)) == 0, capsys.readouterr().err
    return capsys.readouterr().out


@pytest.fixture
def demo_dossier(demo_path: Path, tmp_path: Path, capsys) -> Path:
    _run(capsys, "--db", str(demo_path), "dossier", "build", "--out", str(tmp_path / "hs"))
    return tmp_path / "hs"


def test_the_demo_tally_is_unchanged(demo_path, capsys, request):
    out = _run(capsys, "--db", str(demo_path), "tally", "--json")
    _check(request, "tally.json", json.dumps(json.loads(out), ensure_ascii=False, indent=1))
    _check(request, "tally.txt", _run(capsys, "--db", str(demo_path), "tally"))


def test_every_demo_document_reads_as_before(demo_dossier, request):
    names = sorted(p.name for p in demo_dossier.iterdir())
    _check(request, "dossier/files.txt", "\n".join(names) + "\n")
    for docx in sorted(demo_dossier.glob("*.docx")):
        _check(request, f"dossier/{docx.stem}.docx.txt", "\n".join(docx_lines(docx)) + "\n")


def test_every_demo_pdf_reads_as_before(demo_dossier, request):
    tool("pdftotext")
    for pdf in sorted(demo_dossier.glob("*.pdf")):
        _check(request, f"dossier/{pdf.stem}.pdf.txt", "\f".join(pdf_text(pdf)))


def test_the_package_and_the_inspectorate_documents_read_as_before(
    demo_dossier, demo_path, tmp_path, capsys, request
):
    unit, tt = str(demo_path), str(tmp_path / "tt.sqlite")
    _run(capsys, "--db", unit, "package", "export", "--out", str(tmp_path / "goi"))
    (package,) = (tmp_path / "goi").glob("*.zip")
    with zipfile.ZipFile(package) as archive:
        data = json.loads(archive.read("data.json"))
    _check(request, "package-data.json", json.dumps(_stable(data), ensure_ascii=False, indent=1))
    _run(capsys, "--db", tt, "demo", "--thanh-tra")
    _run(capsys, "--db", tt, "inbox", "import", str(package))
    listed = json.loads(_run(capsys, "--db", tt, "inbox", "list", "--json"))
    _check(request, "inbox-list.json", json.dumps(_stable(listed), ensure_ascii=False, indent=1))
    for row in listed:
        if row["late"]:  # exported today, after the demo campaign's deadline
            _run(capsys, "--db", tt, "inbox", "accept-late", str(row["package"]),
                 "--reason", "Đã gửi bản giấy đúng hạn")  # fmt: skip
        _run(capsys, "--db", tt, "inbox", "appraise", str(row["id"]), "--result", "dat")
        _run(capsys, "--db", tt, "inbox", "shortlist", "--add", str(row["id"]))
    out = tmp_path / "th"
    _run(capsys, "--db", tt, "inbox", "report", "--out", str(out), "--number", "15",
         "--date", "08/11/2025")  # fmt: skip
    for docx in sorted(out.glob("*.docx")):
        text = "\n".join(docx_lines(docx)) + "\n"
        text = EXPORTED.sub("_NGAY.zip", CLOCK.sub("HH giờ MM phút ngày NGÀY", text))
        _check(request, f"inspectorate/{docx.stem}.docx.txt", text)
