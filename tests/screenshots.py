"""Screenshots of every page of the real app on the demo ward, as a clerk sees them on a
1366×768 screen (the smallest the app supports). Used to look at the pages after a change and
for the user guide.

    xvfb-run -s "-screen 0 1366x768x24" python -m tests.screenshots OUT_DIR [--scale 1.5]

`--scale` renders as on a high-DPI screen (Windows at 150%): the window keeps its logical size
and every pixel is drawn at that scale.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

TODAY = date(2025, 10, 30)  # five days before the demo campaign's deadline
SIZE = (1366, 690)  # 1366×768 less the taskbar (48 px) and the title bar (30 px)


def _wait(app) -> None:
    from app.ui import jobs

    deadline = time.perf_counter() + 20
    while time.perf_counter() < deadline:
        app.processEvents()
        if not jobs.running_jobs():
            break
        time.sleep(0.01)
    for _ in range(5):
        app.processEvents()
        time.sleep(0.02)


def _build(window) -> None:
    """Build the demo dossier from the Hồ sơ page, confirming its warnings as a user does."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.question = lambda *args: QMessageBox.StandardButton.Yes
    window.page("dossier").build_box.start_build()


def _drill(page, figure: str) -> None:
    """Open a figure's cases, the first one holding several petitions unfolded."""
    page.figure_buttons[figure].click()
    cases = page.cases
    for row in range(cases.rowCount()):
        if cases.rowCount(cases.index(row, 0)):
            page.case_tree.expand(cases.index(row, 0))
            break


def shots(window) -> list[tuple[str, object]]:
    """(file name, what to do before the picture) for every page and tab."""
    people = lambda: window.page("people")  # noqa: E731 — pages are built when first shown
    return [
        ("01-tong-quan", lambda: window.show_page("overview")),
        ("02-don-vi", lambda: window.show_page("unit")),
        ("03-can-bo", lambda: (window.show_page("people"), people().select_person(3))),
        ("04-tap-the", lambda: (people().tabs.setCurrentIndex(1), people().select_collective(1))),
        ("05-don-thu", lambda: window.show_page("register")),
        ("06-tiep-dan", lambda: window.page("register").tabs.setCurrentIndex(1)),
        ("06b-vu-viec", lambda: _drill(window.page("register"), "carried")),
        ("07-thanh-tich", lambda: (window.show_page("achievements"),
                                   window.page("achievements").view.selectRow(0))),
        ("08-hop-xet", lambda: window.show_page("meeting")),
        ("09-ho-so", lambda: window.show_page("dossier")),
        ("10-ho-so-da-lap", lambda: _build(window)),
        ("11-xem-truoc", lambda: window.page("dossier").tabs.setCurrentIndex(1)),
        ("12-ban-quet", lambda: window.page("dossier").tabs.setCurrentIndex(2)),
        ("13-gui-thanh-tra", lambda: window.page("dossier").tabs.setCurrentIndex(3)),
    ]  # fmt: skip


def _inbox(window, unit_package_path: Path, folder: Path) -> None:
    """The Inspectorate's inbox with the demo ward's package and five fictional units'."""
    from tests.package_factory import Nominee, unit_package

    others = [
        (
            "UBND phường Đông Kinh",
            Nominee(
                "collective",
                "Bộ phận tiếp công dân phường Đông Kinh",
                resolved=48,
                cases=48,
                votes=8,
            ),
        ),
        ("UBND phường Tam Thanh", Nominee("individual", "Hoàng Thị Thu", resolved=12, cases=12)),
        (
            "UBND xã Mai Pha",
            Nominee("individual", "Nông Văn Pha", resolved=19, cases=21, eligibility="fail"),
        ),
        (
            "UBND phường Chi Lăng",
            Nominee("collective", "Tổ một cửa phường Chi Lăng", resolved=30, cases=31, votes=6),
        ),
        (
            "UBND phường Vĩnh Trại",
            Nominee("individual", "Lý Thị Hạnh", resolved=25, cases=25, votes=9),
        ),
    ]
    files = [unit_package_path] + [
        unit_package(folder / f"don-vi-{n}.zip", unit, [nominee])
        for n, (unit, nominee) in enumerate(others)
    ]
    page = window.page("inbox")
    page.start_import(files)
    return page


def inbox_shots(window, files_folder: Path, package: Path) -> list[tuple[str, object]]:
    state: dict = {}

    def imported() -> None:
        state["page"] = _inbox(window, package, files_folder)

    def appraised() -> None:
        from app.core.inbox import Appraisal
        from app.services.inbox import appraise

        page = state["page"]
        for _, nominee in page.model.rows[:3]:
            appraise(window.store.db, nominee.id, Appraisal.PASS)
        page.reload()
        page.table.selectRow(0)

    def history() -> None:
        """One package withdrawn with its reason, and selected: the button to take it back."""
        from app.services.inbox import withdraw

        page = state["page"]
        withdrawn = page.packages.rows[-1]
        withdraw(window.store.db, withdrawn.id, "Gửi nhầm hồ sơ, đơn vị sẽ gửi lại")
        page.reload()
        page.tabs.setCurrentIndex(2)
        page.packages_view.selectRow(page.packages_proxy.mapFromSource(
            page.packages.index(len(page.packages.rows) - 1, 0)).row())  # fmt: skip

    return [
        ("14-hop-ho-so", imported),
        ("15-tham-dinh", appraised),
        ("16-van-ban-goi", lambda: state["page"].detail.documents.click()),
        ("17-lich-su-goi", history),
    ]


def _first_run(home: Path):
    """The setup shown at the very first start, its organisation step filled in."""
    from app.ui.first_run import FirstRunDialog

    dialog = FirstRunDialog(home / "moi.sqlite", home / "mau.sqlite", TODAY)
    dialog.next.click()
    for field, text in (
        ("parent_agency", "UBND thành phố Lạng Sơn"),
        ("name", "UBND phường Kỳ Lừa"),
        ("abbreviation", "UBND"),
        ("place_name", "Kỳ Lừa"),
        ("signer_authority", "TM. ỦY BAN NHÂN DÂN"),
        ("signer_position", "CHỦ TỊCH"),
        ("signer_name", "Hoàng Văn Lừa"),
    ):
        dialog.fields[field].setText(text)
    return dialog


def _question(window):
    """A confirmation as the app asks it: Qt's standard Yes/No buttons, in Vietnamese."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Hồ sơ Thi đua",
        "Thay dữ liệu hiện tại bằng bản sao lưu tu-dong-2025-10-30.sqlite?\n"
        "Tệp dữ liệu hiện tại sẽ được giữ lại trong thư mục sao lưu.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        window,
    )
    return box


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.screenshots")
    parser.add_argument("out", type=Path, help="e.g. resources/docs/huong-dan/hinh (the guide)")
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args(argv)
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    home = Path(tempfile.mkdtemp(prefix="thidua-anh-"))
    os.environ["THIDUA_HOME"] = str(home)  # the user's own settings and data are not touched

    from PySide6.QtWidgets import QApplication

    from app.services.demo import create_demo, create_inspectorate
    from app.services.package import export_package
    from app.store.database import open_store
    from app.ui import jobs
    from app.ui.main_window import MainWindow
    from app.ui.qt_translations import install_qt_translations

    app = QApplication(sys.argv[:1])
    install_qt_translations(app)  # as the app does: Qt's own buttons in Vietnamese
    args.out.mkdir(parents=True, exist_ok=True)

    def save(widget, name: str) -> None:
        path = args.out / f"{name}.png"
        widget.grab().save(str(path), "PNG", 0)  # 0: the smallest PNG (lossless either way)
        print(path)

    dialog = _first_run(home)
    dialog.show()
    _wait(app)
    save(dialog, "00-bat-dau")
    dialog.close()
    demo = home / "du-lieu-mau.sqlite"
    create_demo(demo).close()
    window = MainWindow(open_store(demo), today=lambda: TODAY)
    window.resize(*SIZE)
    window.show()
    _wait(app)
    for name, step in shots(window):
        step()
        _wait(app)
        save(window, name)
    box = _question(window)
    box.show()
    _wait(app)
    save(box, "18-hop-thoai")
    box.close()
    sent = datetime(2025, 11, 3, 2, 15, tzinfo=UTC)  # before the deadline, as the guide tells
    package = export_package(window.store.db, home, sent)
    window.close()
    inspectorate = home / "thanh-tra.sqlite"
    create_inspectorate(inspectorate).close()
    window = MainWindow(open_store(inspectorate), today=lambda: date(2025, 11, 6))
    window.resize(*SIZE)
    window.show()
    _wait(app)
    for name, step in inbox_shots(window, home, package):
        step()
        _wait(app)
        save(window, name)
    window.close()
    window = _scoring_window(demo, home)
    window.resize(*SIZE)
    window.show()
    _wait(app)
    window.show_page("overview")
    window.overview_page.tabs.setCurrentIndex(1)
    _wait(app)
    save(window, "19-cham-diem")
    window.close()
    jobs.finish()  # as the app does on quitting: no job outlives the application
    return 0


def _scoring_window(demo: Path, home: Path):
    """The demo ward in a campaign that ranks by points (the app's example table), a copy:
    the guide's pictures of the demo stay as they were."""
    import shutil
    import tomllib

    from app.store.campaigns import active_campaign_id, scoring_file, set_campaign_value
    from app.store.database import open_store
    from app.ui.main_window import MainWindow

    copy = home / "cham-diem.sqlite"
    shutil.copy(demo, copy)
    store = open_store(copy)
    scoring = tomllib.loads(scoring_file().read_text(encoding="utf-8"))["scoring"]
    set_campaign_value(store.db, active_campaign_id(store.db), "scoring", scoring)
    return MainWindow(store, today=lambda: TODAY)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
