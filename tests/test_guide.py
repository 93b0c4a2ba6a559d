"""The user guide (issue 8): Vietnamese chapters whose screenshots are all made by
tests/screenshots.py from the real app, opened inside the app on the chapter of the page in use
(F1), printable as a PDF with its pictures and the shipped fonts; the non-obvious fields
explain themselves (tooltip and Shift+F1)."""

from __future__ import annotations

import re
import subprocess
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.ui.guide import PAGE_CHAPTERS, chapters, guide_dir, write_guide_pdf
from tests.gui_helpers import open_main_window
from tests.office import tool

ROOT = Path(__file__).resolve().parent.parent
IMAGE = re.compile(r"!\[[^\]]*\]\((hinh/[^)]+)\)")


def references() -> dict[str, str]:
    """Every picture the guide shows → the chapter showing it."""
    return {
        image: path.stem
        for path in sorted(guide_dir().glob("*.md"))
        for image in IMAGE.findall(path.read_text(encoding="utf-8"))
    }


def test_every_picture_is_a_screenshot_the_script_makes_and_every_one_is_used():
    script = (ROOT / "tests" / "screenshots.py").read_text(encoding="utf-8")
    shown = references()
    made = {p.name for p in (guide_dir() / "hinh").glob("*.png")}
    assert {Path(image).name for image in shown} == made
    for image in shown:
        assert f'"{Path(image).stem}"' in script, f"{image} is not made by tests/screenshots.py"


def test_chapters_are_vietnamese_nfc_and_every_page_has_one():
    from app.ui.main_window import INSPECTORATE_PAGES, UNIT_PAGES

    stems = [stem for stem, _ in chapters()]
    assert len(stems) == 10 and stems == sorted(stems)
    for path in guide_dir().glob("*.md"):
        text = path.read_text(encoding="utf-8")
        assert unicodedata.normalize("NFC", text) == text, path.name
    for spec in UNIT_PAGES + INSPECTORATE_PAGES:
        assert PAGE_CHAPTERS[spec.key] in stems, spec.key
    formulas = (guide_dir() / "05-don-thu.md").read_text(encoding="utf-8")
    for plain in ("Kỳ trước chuyển sang", "chưa làm tròn", "không phát sinh", "Mã vụ việc"):
        assert plain in formulas


def test_the_guide_prints_as_a_pdf_with_its_pictures_and_fonts(qapp, tmp_path):
    target = tmp_path / "huong-dan.pdf"
    pages = write_guide_pdf(target)
    assert pages >= 15
    text = subprocess.run(
        [tool("pdftotext"), str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    for _, title in chapters():
        assert title in text
    images = subprocess.run(
        [tool("pdfimages"), "-list", str(target)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert len(images) >= len(references())
    fonts = subprocess.run(
        [tool("pdffonts"), str(target)], capture_output=True, text=True, check=True
    ).stdout
    assert "LiberationSerif" in fonts and "yes" in fonts.split("LiberationSerif", 1)[1][:80]
    widths = {int(line.split()[3]) for line in images}
    assert max(widths) >= 1000  # the screenshots at full resolution, scaled on the page


@pytest.mark.parametrize(("page", "title"), [("register", "5. Đơn thư"), ("dossier", "8. Hồ sơ")])
def test_f1_opens_the_chapter_of_the_page_in_use(qtbot, demo_path, page, title):
    window = open_main_window(qtbot, demo_path, lambda: date(2025, 10, 30))
    window.show_page(page)
    window.guide_action.trigger()
    guide = window.guide
    qtbot.addWidget(guide)
    assert guide.isVisible()
    assert guide.contents.currentItem().text().startswith(title)
    document = guide.text.document()
    assert document.toPlainText().startswith(title)
    # the screenshots are laid out no wider than the text area
    assert document.idealWidth() <= guide.text.viewport().width() + 1
    window.close()  # issue 20.13: Tệp › Thoát closes the guide too, which kept the app running
    assert not guide.isVisible()


def test_a_click_on_a_picture_shows_it_at_its_real_size(qtbot):
    """Issue 20.13: a 1366-px screenshot scaled into the text is too small to read; a click on
    it opens it at full size (the cursor over it says it can be clicked)."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QImageReader, QTextCursor

    from app.ui.guide import GuideWindow

    guide = GuideWindow()
    qtbot.addWidget(guide)
    guide.show()
    guide.show_chapter("05-don-thu")
    assert "Bấm vào một hình" in guide.status.text()
    document, viewport = guide.text.document(), guide.text.viewport()
    block, found = document.begin(), None
    while block.isValid() and found is None:
        fragments = block.begin()
        while not fragments.atEnd() and found is None:
            fragment = fragments.fragment()
            if fragment.charFormat().isImageFormat():
                found = fragment
            fragments += 1
        block = block.next()
    assert found is not None
    name, shown = found.charFormat().toImageFormat().name(), found.charFormat().toImageFormat()
    title_point = QPoint(20, 5)  # the chapter's title, above the pictures
    assert guide.picture_at(title_point.toPointF()) == ""
    cursor = QTextCursor(document)
    cursor.setPosition(found.position())
    guide.text.setTextCursor(cursor)
    guide.text.ensureCursorVisible()  # scrolled: the point is the viewport's, not the page's
    start = guide.text.cursorRect(cursor)
    inside = QPoint(start.x() + int(shown.width()) // 2, start.bottom() - int(shown.height()) // 2)
    assert guide.picture_at(inside.toPointF()) == name
    qtbot.mouseMove(viewport, inside)
    assert viewport.cursor().shape() == Qt.CursorShape.PointingHandCursor
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=inside)
    picture = guide.picture_window
    assert picture is not None and picture.isVisible()
    real = QImageReader(str(guide_dir() / name)).size()
    assert picture.picture.pixmap().size() == real  # at its real size, not the text's width
    assert real.width() > shown.width()
    # a larger window shows larger pictures (fitted again to the text's width)
    guide.resize(guide.width() + 200, guide.height())
    qtbot.waitUntil(lambda: found.charFormat().toImageFormat().width() > shown.width())
    # a second picture replaces the first (each holds a full-size image); both go with the guide
    from PySide6.QtWidgets import QApplication

    from app.ui.guide import PictureWindow

    guide.open_picture(name)
    qtbot.waitUntil(lambda: len(guide.findChildren(PictureWindow)) == 1)
    guide.close()
    qtbot.waitUntil(lambda: not any(isinstance(w, PictureWindow) and w.isVisible()
                                    for w in QApplication.topLevelWidgets()))  # fmt: skip


def test_a_selection_dragged_over_a_picture_does_not_open_it(qtbot):
    from PySide6.QtCore import QPoint

    from app.ui.guide import GuideWindow

    guide = GuideWindow()
    qtbot.addWidget(guide)
    guide.show()
    guide.show_chapter("05-don-thu")
    viewport = guide.text.viewport()
    start = QPoint(20, 5)  # the title's text
    assert guide.picture_at(start.toPointF()) == ""
    below = next(QPoint(200, y) for y in range(20, viewport.height(), 10)
                 if guide.picture_at(QPoint(200, y).toPointF()))  # fmt: skip
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=below)
    assert guide.picture_window is None


def test_non_obvious_fields_explain_themselves(qtbot, demo_path):
    window = open_main_window(qtbot, demo_path, lambda: date(2025, 10, 30))
    window.show_page("dossier")
    dossier = window.page("dossier")
    assert "Mẫu 08" in dossier.edits["to_trinh_date"].whatsThis()
    window.show_page("unit")
    unit = window.page("unit")
    assert "Số: 05/TTr-UBND" in unit.edits["abbreviation"].whatsThis()
    threshold = next(
        w
        for w in unit.settings.findChildren(type(unit.edits["name"]))
        if w.accessibleName().startswith("Tỷ lệ phiếu")
    )
    assert "TỔNG số thành viên" in threshold.whatsThis() == threshold.toolTip()
