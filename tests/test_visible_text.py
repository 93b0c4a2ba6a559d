"""What a clerk reads (issue 20, points 7, 9 and 10): no page or dialog of either role shows an
internal key ("hop_xet.thanh_vien"), a code ("nd98-2023", "ls-tcd-2025") or one of Qt's English
defaults; every grey the app draws text in reads at 4.5:1 or better (WCAG AA)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenuBar,
    QPushButton,
    QTabBar,
    QWidget,
)

from app.ui.models.rows import STATUS_COLOURS
from app.ui.pages.campaign_settings import CloneDialog
from app.ui.widgets import DISABLED_TEXT_COLOUR, ERROR_COLOUR, HINT_COLOUR
from tests.gui_helpers import open_main_window, wait_for_background
from tests.package_factory import Nominee, unit_package
from tests.test_inbox import receive

TODAY = date(2025, 10, 30)
INTERNAL = re.compile(
    r"\b[a-z]+(?:_[a-z0-9]+)+\b"  # a key: hop_xet, so_luong, awarding_body
    r"|\b[a-z]+\.[a-z_]+\b"  # a dotted path: hop_xet.thanh_vien, vote.threshold
    r"|\bnd\d+-\d{4}\b|\b[a-z]+(?:-[a-z]+)+-\d{4}\b"  # a regime's or a campaign's code
)
ENGLISH = {"OK", "Cancel", "Close", "Yes", "No", "Apply", "Save", "Open", "Help", "Print",
           "Options", "Look in:", "Files of type:", "&Yes", "&No", "&OK", "&Cancel"}  # fmt: skip
NOT_TEXT = re.compile(r"\S+@\S+|\S+\.(?:pdf|docx|xlsx|zip|sqlite|json|toml)\b")  # e-mail, file


def model_texts(model: QAbstractItemModel) -> list[str]:
    rows = min(model.rowCount(), 60)
    columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount()
    texts = [model.index(r, c).data() for r in range(rows) for c in range(max(columns, 1))]
    texts += [model.headerData(c, Qt.Orientation.Horizontal) for c in range(columns)]
    return [t for t in texts if isinstance(t, str)]


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) of every text `root` shows: labels, buttons, titles, placeholders, items,
    tabs, tooltips and the cells and headers of its tables and lists."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget is not root and not widget.isVisibleTo(root):
            continue
        name = type(widget).__name__
        texts = [widget.toolTip(), widget.windowTitle()]
        if isinstance(widget, QLabel):
            texts.append(widget.text())
        if isinstance(widget, QAbstractButton):  # an "&" shows as an underlined key
            texts.append(widget.text())
            found += [(f"{name} (phím tắt)", widget.text())]
        if isinstance(widget, QMenuBar):
            actions = [a for menu in widget.actions() for a in menu.menu().actions()]
            found += [(f"{name} (phím tắt)", a.text()) for a in actions if a.text()]
        if isinstance(widget, QGroupBox):
            texts.append(widget.title())
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QTabBar):
            texts += [widget.tabText(i) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            texts += model_texts(widget.model())
        found += [(name, t) for t in texts if t]
    return found


LOST_AMPERSAND = re.compile(r"(?<!&)&(?!&)(?=\s|$)")  # "A & B" shows as "A _B"


def problems(root: QWidget) -> list[str]:
    out = []
    for where, text in visible_texts(root):
        if where.endswith("(phím tắt)"):
            if LOST_AMPERSAND.search(text):
                out.append(f"{where}: “&” shown as a shortcut in {text!r}")
            continue
        plain = NOT_TEXT.sub("", re.sub(r"<[^>]+>", " ", text))
        keys = INTERNAL.findall(plain)
        if keys:
            out.append(f"{where}: {keys} in {text[:100]!r}")
        if text.strip() in ENGLISH:
            out.append(f"{where}: English {text!r}")
    return out


@pytest.fixture(autouse=True)
def vietnamese_qt(qapp):
    """Qt's own strings as the app shows them (app.ui.application installs the catalogue)."""
    from app.ui.qt_translations import install_qt_translations

    assert install_qt_translations(qapp)


@pytest.fixture
def unit_window(qtbot, demo_path):
    window = open_main_window(qtbot, demo_path, lambda: TODAY)
    wait_for_background(qtbot)
    return window


def test_no_page_of_a_unit_shows_a_key_a_code_or_english(unit_window, qtbot):
    found = []
    for spec in unit_window.specs:
        unit_window.show_page(spec.key)
        wait_for_background(qtbot)
        found += [f"{spec.key} — {p}" for p in problems(unit_window)]
    register = unit_window.page("register")  # the cases behind a figure, in their tree
    unit_window.show_page("register")
    wait_for_background(qtbot)
    register.figure_buttons["rate"].click()
    assert register.showing_cases
    found += [f"register cases — {p}" for p in problems(unit_window)]
    clone = CloneDialog(unit_window, unit_window.context)
    qtbot.addWidget(clone)
    found += [f"clone — {p}" for p in problems(clone)]
    assert found == []


def test_no_dialog_shows_a_key_a_code_or_english(unit_window, qtbot, tmp_path):
    """The windows the pages open: guide and its pictures, the register's import wizard and
    declared totals, the unit, a name asked, a list to pick from, a drive, a crash report,
    the Tờ trình's numbers, and each step of the first-run setup."""
    from app.ui.crash import CrashDialog
    from app.ui.declared_dialog import DeclaredDialog
    from app.ui.dialogs import NameDialog, Picker
    from app.ui.drive_picker import DrivePicker
    from app.ui.first_run import FirstRunDialog
    from app.ui.guide import GuideWindow
    from app.ui.import_wizard import ImportWizard
    from app.ui.models.people import PeopleModel
    from app.ui.pages.inbox.outputs import ReportNumbers
    from app.ui.unit_dialog import UnitDialog
    from tests.register_files import register_xlsx

    window, context = unit_window, unit_window.context
    store, unit = context.store, context.organisation.id
    guide = GuideWindow()
    guide.show_chapter("05-don-thu")
    wizard = ImportWizard(register_xlsx(tmp_path / "so.xlsx"), store, unit, lambda: TODAY,
                          window)  # fmt: skip
    with qtbot.waitSignal(wizard.planned, timeout=20_000):
        wizard.start()
    first_run = FirstRunDialog(tmp_path / "moi.sqlite", tmp_path / "mau.sqlite", TODAY)
    dialogs = {
        "guide": guide,
        "picture": guide.open_picture("hinh/05-don-thu.png"),
        "wizard": wizard,
        "declared": DeclaredDialog(store, unit, context.campaign_id, window),
        "unit": UnitDialog(window),
        "name": NameDialog(window, "Thêm tập thể", "Tên tập thể", lambda _: None),
        "picker": Picker(window, "Chọn cán bộ", PeopleModel([])),
        "drive": DrivePicker(window),
        "crash": CrashDialog("Traceback …", window),
        "numbers": ReportNumbers(window, "15", "20/11/2025"),
    }
    found = []
    for name, dialog in dialogs.items():
        qtbot.addWidget(dialog)
        dialog.show()
        found += [f"{name} — {p}" for p in problems(dialog)]
    qtbot.addWidget(first_run)
    first_run.show()
    for step in range(first_run.steps.count()):
        first_run.steps.setCurrentIndex(step)
        found += [f"first run {step + 1} — {p}" for p in problems(first_run)]
    assert found == [], "\n".join(found)


def test_no_page_of_the_inspectorate_shows_a_key_a_code_or_english(
    qtbot, inspectorate_path, tmp_path
):
    from app.store.database import open_store
    from app.ui.awards_dialog import AwardsDialog

    store = open_store(inspectorate_path, auto_backup=False)
    nominees = [Nominee("collective", "Tổ tiếp dân phường Đông"),
                Nominee("individual", "Trần Thị Tây", votes=8)]  # fmt: skip
    receive(store, unit_package(tmp_path / "dong.zip", "UBND phường Đông", nominees))
    store.close()
    window = open_main_window(qtbot, inspectorate_path, lambda: TODAY)
    wait_for_background(qtbot)
    found = []
    for spec in window.specs:
        window.show_page(spec.key)
        wait_for_background(qtbot)
        found += [f"{spec.key} — {p}" for p in problems(window)]
    awards = AwardsDialog(window, window.context, tmp_path / "out", True, TODAY)
    qtbot.addWidget(awards)
    found += [f"awards — {p}" for p in problems(awards)]
    assert found == []


def test_the_pattern_finds_what_it_is_for():
    label = QLabel("Còn thiếu: hop_xet.thanh_vien, so_luong. Chế độ biểu mẫu: nd98-2023.")
    assert len(problems(label)) == 1 and "hop_xet.thanh_vien" in problems(label)[0]
    for text in ("Đợt ls-tcd-2025", "Cancel", "vote.threshold"):
        assert problems(QLabel(text)), text
    assert problems(QPushButton("Quyết định & Giấy khen…"))
    assert not problems(QPushButton("Quyết định && Giấy khen…"))
    for text in ("ubnd.hoasen@example.invalid", "01_To_trinh.pdf", "Nghị định 98/2023/NĐ-CP"):
        assert not problems(QLabel(text)), text


def contrast(foreground: QColor, background: QColor) -> float:
    def luminance(colour: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(v) for v in (colour.redF(), colour.greenF(), colour.blueF()))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_grey_and_colour_of_text_reads_at_four_and_a_half_to_one(unit_window):
    palette = QApplication.palette()
    backgrounds = [palette.color(QPalette.ColorRole.Window), palette.color(QPalette.ColorRole.Base)]
    shown = [
        palette.color(QPalette.ColorRole.PlaceholderText),
        palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText),
        palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text),
        palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText),
        *(QColor(c) for c in (HINT_COLOUR, DISABLED_TEXT_COLOUR, ERROR_COLOUR)),
        *(QColor(c) for c in STATUS_COLOURS.values()),
    ]
    for colour in shown:
        for background in backgrounds:
            assert contrast(colour, background) >= 4.5, (colour.name(), background.name())
    # and no text set in one of the palette's light greys (palette(mid) is ~#a0a0a0: 2.3:1)
    sources = (Path(__file__).parent.parent / "app" / "ui").rglob("*.py")
    assert not [p.name for p in sources if re.search(r"palette\((?:mid|midlight|light)\)",
                                                     p.read_text("utf-8"))]  # fmt: skip


def test_an_empty_inbox_says_what_to_do(qtbot, tmp_path, inspectorate_path):
    """Issue 20.13: an empty inbox said nothing; it says what to do until a package is in."""
    from app.ui.widgets import EmptyHint

    window = open_main_window(qtbot, inspectorate_path, lambda: TODAY)
    wait_for_background(qtbot)
    page = window.page("inbox")
    hint = page.table_hint
    assert isinstance(hint, EmptyHint) and hint.isVisibleTo(page.table)
    assert "Nhập gói hồ sơ…" in hint.text()
    from app.store.database import open_store

    store = open_store(inspectorate_path, auto_backup=False)
    receive(store, unit_package(tmp_path / "d.zip", "UBND phường Đông",
                                [Nominee("collective", "Tổ Đông")]))  # fmt: skip
    store.close()
    page.reload()
    assert not hint.isVisibleTo(page.table)
