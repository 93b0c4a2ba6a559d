"""Paths on a Windows user's machine (issue 23, item 3), computed on Linux with `ntpath`: every
file the app writes stays under MAX_PATH (260) for the longest names it accepts, under a long
OneDrive Documents folder of a 30-character user name; no file name is a reserved device name
or ends in a dot or a space; names that differ only in case or diacritics never share a file."""

from __future__ import annotations

import json
import ntpath
import zipfile
from datetime import UTC, date, datetime
from pathlib import PureWindowsPath

import pytest

from app import paths
from app.core import text
from app.core.text import ascii_file_name
from app.documents.filling import fill_dossier, unique_names
from app.documents.forms import FilledForm, fill_form, form_names, load_form
from app.documents.model import Document
from app.exchange.package import package_file_name
from app.exchange.receipt import receipt_file_name

MAX_PATH = 260
USER = "Nguyễn Thị Phương Thảo Ánh Hoa"  # 30 characters, as Windows keeps a user's folder
PROFILE = ntpath.join("C:\\Users", USER)
ONEDRIVE_DOCUMENTS = ntpath.join(PROFILE, "OneDrive - UBND phường Hoa Sen", "Tài liệu")
LOCAL = ntpath.join(PROFILE, "AppData", "Local")  # platformdirs' user_data_dir on Windows
APP_DATA = ntpath.join(LOCAL, paths._APP)
DOCUMENTS = ntpath.join(ONEDRIVE_DOCUMENTS, "Ho so thi dua")  # paths.documents_dir()
TEMP = ntpath.join(LOCAL, "Temp")

LONGEST_CODE = "c" * 40  # campaign.checked_code: at most 40 characters
# no limit on a nominee's, a unit's name or a decision's number: far longer than any real one
LONG_NAME = "Tổ dân phố số 12 khu phố Bình Minh " * 12
PARTIAL = ".partial"  # atomic_write's name beside the target
TEMP_FOLDER = ".dang-lap-abcdefgh"  # services.dossier: tempfile adds 8 characters to the prefix
STAMP = "20251101-103000-123456"  # store.backups._timestamp
DATE = datetime(2025, 11, 1, tzinfo=UTC)


def _documents(regime: str, group: str = "") -> list[str]:
    """The regime's documents for the longest names: each nominee's report named after a
    LONG_NAME (the 99th of one name), a receipt for a package renamed by hand."""
    data = {
        "bao_cao": [{"ten": LONG_NAME}],
        "bien_nhan": [{"tep": receipt_file_name(LONG_NAME + ".zip").removesuffix(".json")}],
    }
    names = []
    for name in form_names(regime, group):
        for filled in fill_form(*load_form(regime, name), data):
            suffix = "_99" if filled.document.name.startswith("03_") else ""
            names += [f"{filled.document.name}{suffix}.{f}" for f in ("docx", "pdf")]
    return names


def _outputs() -> dict[str, list[str]]:
    """Every output's possible paths (the longest of each kind), by what it is."""
    campaign = ntpath.join(DOCUMENTS, ascii_file_name(LONGEST_CODE))
    dossier = _documents("nd98-2023")
    consolidated = _documents("nd98-2023", "thanh-tra")
    package = package_file_name(LONG_NAME, LONGEST_CODE, DATE)
    backups = ntpath.join(APP_DATA, "thidua-backups")
    evidence = f"99999_{ascii_file_name(LONG_NAME)}.jpeg"  # achievement_editor's cached copy
    certificates = f"GK_Giay_khen_QD_{ascii_file_name(LONG_NAME, 20)}_01-11-2025_in_len_phoi"
    return {
        "data folder": [
            ntpath.join(APP_DATA, name)
            for name in ("thidua.sqlite-journal", "du-lieu-mau.sqlite-wal", "thidua.sqlite.lock")
        ]
        + [ntpath.join(backups, f"truoc-nang-cap-v99-{STAMP}.sqlite{PARTIAL}")]
        + [ntpath.join(backups, f"truoc-khoi-phuc-{STAMP}.sqlite{PARTIAL}")]
        + [ntpath.join(APP_DATA, "Cache", "minh-chung", evidence + PARTIAL)]
        + [ntpath.join(APP_DATA, "Cache", "ban-quet", f"99999_{n[:-5]}_ky.pdf") for n in dossier],
        "dossier (build_box.folder)": [
            ntpath.join(campaign, "ban-99", name + PARTIAL) for name in dossier
        ],
        "dossier (thidua dossier build --out)": [
            ntpath.join(campaign, "ban-99", TEMP_FOLDER, name + PARTIAL) for name in dossier
        ],
        "dossier (temporary folder)": [
            ntpath.join(TEMP, "thidua-ho-so-abcdefgh", name + PARTIAL) for name in dossier
        ],
        "package": [ntpath.join(DOCUMENTS, package + PARTIAL)],
        "Inspectorate": [
            ntpath.join(campaign, "thanh-tra", name + PARTIAL)
            for name in [
                "Bang_tong_hop.xlsx",
                "bien-nhan_tat-ca.pdf",
                receipt_file_name(LONG_NAME + ".zip"),
                *consolidated,
            ]
        ],
        "certificates": [
            ntpath.join(campaign, "giay-khen", f"{certificates}.{f}{PARTIAL}")
            for f in ("docx", "pdf")
        ],
        "guide and register template": [
            ntpath.join(DOCUMENTS, "Huong_dan_su_dung_Ho_so_Thi_dua.pdf" + PARTIAL),
            ntpath.join(DOCUMENTS, "so-tiep-cong-dan-mau.xlsx" + PARTIAL),
        ],
    }


def longest_paths() -> dict[str, str]:
    return {kind: max(found, key=len) for kind, found in _outputs().items()}


KINDS = ["data folder", "dossier (build_box.folder)", "dossier (thidua dossier build --out)",
         "dossier (temporary folder)", "package", "Inspectorate", "certificates",
         "guide and register template"]  # fmt: skip


def test_every_output_is_computed():
    assert list(_outputs()) == KINDS


@pytest.mark.parametrize("kind", KINDS)
def test_every_output_stays_under_max_path_for_a_long_onedrive_folder(kind):
    """On the old code a nominee's name past ~128 characters made checked_file_name refuse
    the whole dossier (and a receipt's name ran past 260 under this folder)."""
    longest = longest_paths()[kind]
    assert len(longest) < MAX_PATH, f"{kind}: {len(longest)} characters: {longest}"


def test_a_long_name_is_cut_with_a_digest_of_the_whole():
    """Two nominees whose names share their first 50 characters: two files, each name
    stable."""
    first, second = LONG_NAME + "A", LONG_NAME + "B"
    names = {ascii_file_name(first), ascii_file_name(second)}
    assert len(names) == 2 and all(len(n) <= text.FILE_NAME_LIMIT for n in names)
    assert ascii_file_name(first) == ascii_file_name(first)  # stable across runs: a digest
    assert ascii_file_name(first).startswith("To_dan_pho_so_12_khu_pho_Binh_Minh_To_dan")
    assert ascii_file_name("Lê Minh Châu") == "Le_Minh_Chau"  # a short name as before


def test_a_unit_whose_name_shares_its_start_with_another_gets_its_own_package_name():
    one = package_file_name(LONG_NAME + "phường Hoa Sen", "tcd-2025", DATE)
    two = package_file_name(LONG_NAME + "phường Hoa Mai", "tcd-2025", DATE)
    assert one != two


RESERVED = ["CON", "con", "Prn", "AUX", "nul", "COM1", "com9", "LPT1", "lpt9"]


@pytest.mark.parametrize("name", RESERVED)
def test_no_file_name_is_a_reserved_device_name(name):
    assert ascii_file_name(name) == f"{name}_"
    assert text.not_reserved(f"{name}.docx") == f"{name}_.docx"
    assert text.not_reserved(f"{name}.tar.gz") == f"{name}_.tar.gz"


@pytest.mark.parametrize("name", ["CONSOLE", "COM10", "LPT", "Con_Cua", "NULL.docx"])
def test_a_name_that_only_starts_like_a_device_is_kept(name):
    assert text.not_reserved(name) == name


def test_a_campaign_coded_like_a_device_names_a_folder_windows_can_make():
    """documents_dir()/<code>/ban-01: the code "con" (a valid code) was the folder CON."""
    assert ascii_file_name("con") == "con_"
    assert ascii_file_name("aux") != "aux"


def test_a_form_named_like_a_device_writes_a_file_windows_can_make(tmp_path):
    """A user's copy of a form with file = "nul": its document is not NUL.docx."""
    form = {"file": "nul", "blocks": [{"type": "paragraph", "text": "x"}]}
    (filled,) = fill_form(form, tmp_path / "mau.toml", {})
    assert filled.document.name == "nul_"


@pytest.mark.parametrize(
    "name", ["Báo cáo.", "Báo cáo ", "Báo cáo. .", "…", "Tổ 1 .", "CON .", "a.b. "]
)
def test_no_file_name_ends_in_a_dot_or_a_space(name):
    for made in (ascii_file_name(name), text.not_reserved(name)):
        assert not made.endswith((".", " ")), made
    assert text.not_reserved("Bao cao. .") == "Bao cao"
    assert text.not_reserved("CON .") == "CON_"


def _named(*names: str) -> list[str]:
    return [f.document.name for f in unique_names([FilledForm(Document(n), ()) for n in names])]


def test_names_that_differ_only_in_case_never_share_a_file():
    names = _named("03_Bao_cao_thanh_tich_To_Mot", "03_Bao_cao_thanh_tich_TO_MOT")
    assert len({n.casefold() for n in names}) == 2
    # a "_2" another nominee's name already has is not given twice
    names = _named("An", "An", "An_2")
    assert len({n.casefold() for n in names}) == 3, names


def test_the_dossiers_reports_of_nominees_named_alike_are_four_files(demo_store):
    """Mẫu 08 of "Tổ Một" and "TỔ MỘT", "Đỗ Văn An" and "Đô Văn Ăn": four files in one folder
    of a file system that ignores case (Windows, macOS)."""
    from app.services.dossier_data import dossier_data

    data = dossier_data(demo_store.db)
    report = data["bao_cao"][0]
    alike = ["Tổ Một", "TỔ MỘT", "Đỗ Văn An", "Đô Văn Ăn"]
    data["bao_cao"] = [{**report, "ten": name} for name in alike]
    reports = [
        f.document.name
        for f in fill_dossier("nd98-2023", data)
        if f.document.name.startswith("03_")
    ]
    assert len(reports) == 4
    assert len({n.casefold() for n in reports}) == 4, reports


def test_the_packages_documents_and_evidence_never_share_a_name(built_unit, tmp_path):
    """Evidence files "Báo cáo thi hành.pdf" and "BÁO CÁO.PDF": every entry of the package
    is its own file once unpacked on Windows (the evidence is named by the nominee's place and
    the criterion, the documents as the dossier's test above)."""
    from app.services.dossier import build_and_store
    from app.services.package import export_package
    from app.store.achievements import add_attachment
    from app.store.scores import set_evidence, set_value
    from tests.test_scores_unit import PDF, score_the_demo

    db = built_unit.db
    nominee = score_the_demo(db)
    set_evidence(db, nominee.id, "td", add_attachment(db, nominee.id, "BÁO CÁO.PDF", PDF))
    set_value(db, nominee.id, "td", 1)
    build_and_store(db, date(2025, 11, 1))
    target = export_package(db, tmp_path / "goi.zip", DATE)
    with zipfile.ZipFile(target) as archive:
        entries = archive.namelist()
        assert json.loads(archive.read("data.json"))["scores"]
    assert len({e.casefold() for e in entries}) == len(entries), entries
    assert len([e for e in entries if e.startswith("minh-chung/")]) == 2


# --- a database on a network share, in a Vietnamese folder --------------------------------

SHARE = PureWindowsPath(r"\\may-chu\du-lieu\Thi đua 2025\Dữ liệu phường Hoa Sen.sqlite")
HOME = PureWindowsPath(ONEDRIVE_DOCUMENTS) / "Thi đua" / "Dữ liệu thi đua.sqlite"


@pytest.mark.parametrize("database", [SHARE, HOME], ids=["unc", "onedrive"])
def test_paths_derived_from_a_database_keep_its_folder_and_name(database):
    """The backup folder and the lock file sit beside the database, its name kept whole (the
    -wal and -shm files are SQLite's own, named the same way)."""
    from app.store.backup_folder import backup_dir
    from app.store.lock import lock_path

    backups = backup_dir(database)
    assert backups.parent == database.parent and backups.name == f"{database.stem}-backups"
    assert lock_path(database) == database.parent / f"{database.name}.lock"
    if database is SHARE:
        assert str(backups) == r"\\may-chu\du-lieu\Thi đua 2025\Dữ liệu phường Hoa Sen-backups"
        assert backups.drive == r"\\may-chu\du-lieu"
    for path in (backups, lock_path(database)):
        assert not path.name.endswith((".", " ")) and len(str(path)) < MAX_PATH


def test_the_figures(capsys):
    """Not a check: the longest path of each output, printed with -s for the record."""
    for kind, path in longest_paths().items():
        print(f"{len(path):4d}  {kind}: {path}")
