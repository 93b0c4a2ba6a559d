"""`thidua selftest`: the whole app exercised once, end to end, in a temporary folder — made for
the packaged build, where a data file left out or a module PyInstaller did not see only shows
when it is needed. Opens the main window offscreen and every page, builds the demo dossier
(DOCX and PDF), builds it again into a folder whose path is near MAX_PATH (260), renders a page
with PDFium, writes and reads back the register template, exports and verifies a package and
imports it into an Inspectorate's inbox. Exit 0 only if all passed."""

from __future__ import annotations

import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path

# The longest path the long-path step writes: under Windows' MAX_PATH (260), as deep as an
# officer's OneDrive Documents folder takes the app's longest output (tests/test_windows_paths).
LONG_PATH = 250
_PADDING = "Hồ sơ thi đua phường Hoa Sen năm 2025 "


def _visit_every_page(main) -> int:
    """Show each page of the window's sidebar (each page's module is imported by name when
    first shown: a frozen build that left one out fails here)."""
    from PySide6.QtWidgets import QApplication

    for row in range(main.sidebar.count()):
        main.sidebar.setCurrentRow(row)
        QApplication.processEvents()
    return main.sidebar.count()


def _steps(folder: Path, state: dict) -> list[tuple[str, Callable[[], object]]]:

    def window() -> str:
        from PySide6.QtWidgets import QApplication

        from app.services.demo import create_demo
        from app.ui.main_window import MainWindow
        from app.ui.qt_translations import install_qt_translations

        app = QApplication.instance() or QApplication(sys.argv[:1])
        if not install_qt_translations(app):
            raise RuntimeError("thiếu bản dịch Qt tiếng Việt (resources/translations)")
        store = create_demo(folder / "demo.sqlite")
        state["window"] = main = MainWindow(store)
        main.show()
        return f"{_visit_every_page(main)} trang"

    def build() -> str:
        from app.services.dossier import build_and_store

        stored = build_and_store(state["window"].store.db, date.today())
        assert stored.build is not None
        state["build"] = stored.build
        return f"{len(stored.build.files)} tệp"

    def long_path() -> str:
        """The dossier built again into a folder whose path leaves its longest file (written
        as "<name>.partial" inside ".dang-lap-XXXXXXXX") at LONG_PATH characters: an
        officer's OneDrive Documents with a long Vietnamese user name, on this machine's disk."""
        from app.services.dossier import build_and_store

        longest = max(len(n) for n in state["build"].files) + len(".partial")
        room = LONG_PATH - len(str(folder)) - len("/.dang-lap-xxxxxxxx/") - longest - 1
        padded = folder / (_PADDING * 8)[: max(room, len("Hồ sơ"))].rstrip(" ")
        stored = build_and_store(state["window"].store.db, date.today(), padded)
        written = [f for d in stored.documents for f in d.files]
        missing = [f.name for f in written if not f.is_file() or f.stat().st_size == 0]
        if missing or not written:
            raise RuntimeError(f"không ghi được {', '.join(missing) or 'tệp nào'} vào {padded}")
        if stored.build is not None:
            state["build"] = stored.build
        deepest = max(
            len(str(padded)) + len("/.dang-lap-xxxxxxxx/") + len(f.name) + 8 for f in written
        )
        return f"{len(written)} tệp, đường dẫn dài nhất {deepest} ký tự"

    def render() -> str:
        from app.store.dossier_builds import build_file
        from app.ui.pdf_pages import PdfPages

        store = state["window"].store
        name = next(n for n in state["build"].files if n.endswith(".pdf"))
        with PdfPages(build_file(store.db, state["build"].id, name), name) as pages:
            image = pages.render(0, 50)
        return f"{name}: {image.width()}×{image.height()} điểm ảnh"

    def spreadsheet() -> str:
        from app.exchange.register_import import PETITIONS
        from app.exchange.register_template import write_template
        from app.exchange.spreadsheet import read_workbook

        target = write_template(folder / "mau.xlsx", PETITIONS)
        sheets = read_workbook(target)
        return f"{len(sheets)} trang tính"

    def package() -> str:
        from app.exchange.package import verify_package
        from app.services.package import export_package

        path = export_package(state["window"].store.db, folder)
        result = verify_package(path)
        if not result.ok:
            raise RuntimeError("; ".join(result.problems))
        state["package"] = path
        return f"{path.name}, {path.stat().st_size // 1024} KB, khóa {result.unit_key}"

    def inbox() -> str:
        from app.services.demo import create_inspectorate
        from app.services.inbox import import_files
        from app.store.campaigns import active_campaign_id, load_campaign
        from app.ui.main_window import MainWindow

        store = create_inspectorate(folder / "thanh-tra.sqlite")
        state["inbox"] = main = MainWindow(store)  # closed at the end, as the unit's window
        campaign = load_campaign(store.db, active_campaign_id(store.db))
        (outcome,) = import_files(store.db, [state["package"]], campaign)
        if outcome.imported is None:
            raise RuntimeError(outcome.message)
        main.show()
        return f"{outcome.message} {_visit_every_page(main)} trang của Thanh tra."

    return [
        ("cửa sổ chính và các trang", window),
        ("lập hồ sơ mẫu (DOCX, PDF)", build),
        ("lập hồ sơ vào thư mục có đường dẫn dài", long_path),
        ("xem trước PDF (PDFium)", render),
        ("bảng tính (openpyxl, calamine)", spreadsheet),
        ("xuất và kiểm tra gói hồ sơ", package),
        ("Thanh tra nhập gói", inbox),
    ]


def run_selftest() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="thidua-selftest-") as name:
        folder = Path(name)
        os.environ["THIDUA_HOME"] = str(folder / "home")  # the user's data is never touched
        failed = 0
        state: dict = {}
        for title, step in _steps(folder, state):
            try:
                detail = step()
            except Exception:
                failed += 1
                print(f"✗ {title}\n{traceback.format_exc()}", flush=True)
                break  # the later steps build on this one
            print(f"✓ {title}: {detail}", flush=True)
        from app.ui import jobs

        jobs.finish()
        for window in ("window", "inbox"):  # closed before the folder goes (Windows locks)
            if window in state:
                state[window].store.close()
    print("Tự kiểm tra: đạt." if not failed else "Tự kiểm tra: KHÔNG ĐẠT.", flush=True)
    return 1 if failed else 0
