"""`thidua selftest`: the whole app exercised once, end to end, in a temporary folder — made for
the packaged build, where a data file left out or a module PyInstaller did not see only shows
when it is needed. Opens the main window offscreen and every page, builds the demo dossier
(DOCX and PDF), builds it again into a folder whose path is near MAX_PATH (260), renders a page
with PDFium, writes and reads back the register template, exports and verifies a package and
imports it into an Inspectorate's inbox, runs a command with its output redirected to a file
(UTF-8 whatever the code page); on Windows, writes onto a file held open as Word holds one.
Exit 0 only if all passed (a step that does not apply to this system is said skipped)."""

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


class Skipped(Exception):
    """A step that does not apply to this system: said, neither passed nor failed."""


# CreateFile's share mode: others may read, not write or delete (winnt.h FILE_SHARE_READ)
_FILE_SHARE_READ = 0x1


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
        from app.documents.pdf_batch import PdfWorker
        from app.services.dossier import build_and_store

        longest = max(len(n) for n in state["build"].files) + len(".partial")
        room = LONG_PATH - len(str(folder)) - len("/.dang-lap-xxxxxxxx/") - longest - 1
        padded = folder / (_PADDING * 8)[: max(room, len("Hồ sơ"))].rstrip(" ")
        worker = PdfWorker()  # as `thidua dossier build` writes them: this program started again
        try:
            stored = build_and_store(
                state["window"].store.db, date.today(), padded, pdf_worker=worker
            )
        finally:
            worker.close()
        if not worker.wrote:
            raise RuntimeError("tiến trình ghi PDF (thidua --pdf-worker) không chạy được")
        written = [f for d in stored.documents for f in d.files]
        missing = [f.name for f in written if not f.is_file() or f.stat().st_size == 0]
        if missing or not written:
            raise RuntimeError(f"không ghi được {', '.join(missing) or 'tệp nào'} vào {padded}")
        if stored.build is not None:
            state["build"] = stored.build
        deepest = max(
            len(str(padded)) + len("/.dang-lap-xxxxxxxx/") + len(f.name) + 8 for f in written
        )
        return (
            f"{len(written)} tệp (PDF do tiến trình riêng ghi), đường dẫn dài nhất {deepest} ký tự"
        )

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

    def code_page() -> str:
        """The command line's output redirected to a file, as an officer's batch file does
        (`thidua-cli tally --json > so-lieu.json`): UTF-8 whatever the system's code page
        (Windows gives a redirected program its ANSI one, cp1258 or cp1252); elsewhere the
        Vietnamese Windows code page is imposed. On a copy of the demo: the window holds it."""
        import json
        import sqlite3
        import subprocess

        copy = folder / "dong-lenh.sqlite"
        with sqlite3.connect(folder / "demo.sqlite") as source, sqlite3.connect(copy) as target:
            source.backup(target)
        command = (
            [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "app"]
        )
        env = dict(os.environ)
        if sys.platform != "win32":
            env["PYTHONIOENCODING"] = "cp1258"
        out = folder / "so-lieu.json"
        with out.open("wb") as redirected:
            subprocess.run([*command, "--db", str(copy), "tally", "--json"], stdout=redirected,
                           stderr=subprocess.PIPE, env=env, check=True, timeout=120)  # fmt: skip
        text = out.read_bytes().decode("utf-8")  # cp1258 would have failed on "ố" or crashed
        tally = json.loads(text)
        vietnamese = sorted({c for c in text if ord(c) > 127})
        if tally.get("format") != "thidua.tally" or not vietnamese:
            raise RuntimeError(f"{out.name} không phải kết quả tổng hợp có tiếng Việt")
        return f"UTF-8, {len(vietnamese)} chữ có dấu khác nhau (như “{''.join(vietnamese[:5])}”)"

    def held_open() -> str:
        """A document held open as Word holds it (read, shared for reading only): the app's
        write onto it says so, leaves no partial and the file as it was, and reading it still
        works (Excel's registers are read while open)."""
        if sys.platform != "win32":
            raise Skipped("chỉ áp dụng trên Windows")
        import _winapi  # the standard library's own CreateFile (subprocess, multiprocessing)

        from app.atomic import atomic_write
        from app.store.errors import FileHeldOpen, writing_to

        target = folder / "dang-mo-trong-Word.docx"
        target.write_bytes(b"ban dang mo")
        handle = _winapi.CreateFile(
            str(target), _winapi.GENERIC_READ, _FILE_SHARE_READ, _winapi.NULL,
            _winapi.OPEN_EXISTING, 0, _winapi.NULL,
        )  # fmt: skip
        try:
            try:
                with writing_to(target), atomic_write(target) as partial:
                    partial.write_bytes(b"ban moi")
            except FileHeldOpen:
                pass
            else:
                raise RuntimeError(f"ghi đè được {target.name} đang mở: không giữ như Word")
            if target.read_bytes() != b"ban dang mo":
                raise RuntimeError(f"{target.name} đang mở đã bị thay đổi")
        finally:
            _winapi.CloseHandle(handle)
        left = [p.name for p in folder.glob("*.partial")]
        if left:
            raise RuntimeError(f"còn tệp tạm {', '.join(left)}")
        return "báo “đang được mở trong chương trình khác”, tệp giữ nguyên, vẫn đọc được"

    return [
        ("cửa sổ chính và các trang", window),
        ("lập hồ sơ mẫu (DOCX, PDF)", build),
        ("lập hồ sơ vào thư mục có đường dẫn dài", long_path),
        ("xem trước PDF (PDFium)", render),
        ("bảng tính (openpyxl, calamine)", spreadsheet),
        ("xuất và kiểm tra gói hồ sơ", package),
        ("Thanh tra nhập gói", inbox),
        ("dòng lệnh ghi ra tệp theo mã UTF-8", code_page),
        ("ghi vào tệp đang mở trong Word/Excel", held_open),
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
            except Skipped as skipped:
                print(f"– {title}: bỏ qua, {skipped}", flush=True)
                continue
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
