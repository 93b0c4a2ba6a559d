"""`thidua dossier build` on the demo: the documents filled from the database, as files with
ASCII names, and what the database does not hold yet listed instead of invented."""

from __future__ import annotations

from docx import Document as open_docx

from app.cli import main
from tests.office import pdf_text


def test_dossier_build_on_the_demo(demo_path, tmp_path, capsys):
    out = tmp_path / "ho-so"
    assert main(["--db", str(demo_path), "dossier", "build", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    names = sorted(p.name for p in out.iterdir())
    assert names == ["01_To_trinh.docx", "01_To_trinh.pdf"]
    assert all(name.isascii() for name in names)
    text = "\n".join(p.text for p in open_docx(out / "01_To_trinh.docx").paragraphs)
    assert "Kính gửi: Chủ tịch UBND thành phố Lạng Sơn." in text
    assert "UBND phường Hoa Sen đề nghị Chủ tịch UBND thành phố Lạng Sơn tặng" in text
    assert "cho 01 tập thể có thành tích" in text  # the nominee, counted from the database
    assert "xuất sắc trong phong trào thi đua lập thành tích" in text  # lower case mid-sentence
    assert "ngày 28/10/2025" in text  # the meeting's date
    # The Tờ trình's number and date belong to the dossier page (not built yet): shown as "…".
    assert "Còn thiếu (hiện “…” trong văn bản): số Tờ trình, ngày ký Tờ trình" in printed
    first_page = pdf_text(out / "01_To_trinh.pdf")[0]
    assert "Số: …/TTr-UBND" in first_page


def test_unknown_format_is_refused(demo_path, tmp_path, capsys):
    args = ["--db", str(demo_path), "dossier", "build", "--out", str(tmp_path), "--format", "odt"]
    assert main(args) == 1
    assert "Định dạng không hỗ trợ: odt" in capsys.readouterr().err
