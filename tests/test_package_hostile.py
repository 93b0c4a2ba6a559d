"""Hostile and broken packages (issue 7): a corpus of one file per class of attack or damage,
each refused at import with its own reason, the inbox unchanged and nothing written anywhere;
and a property test mutating valid packages that must never crash nor accept altered content."""

from __future__ import annotations

import io
import json
import os
import struct
import tempfile
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from app.core.inbox import InboxError, KeyChanged
from app.exchange import package as package_module
from app.exchange.package import DATA, SCHEMA, verify_package, write_signed
from app.services.inbox import import_package
from app.store.database import open_store
from tests import fuzz_inputs
from tests.package_factory import Nominee, demo_parts, unit_package

UNIT = "UBND xã Thử"
KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))  # fixed: the same bytes every run


@pytest.fixture(scope="module")
def valid(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("goc") / "goc.zip"
    return unit_package(path, UNIT, [Nominee("collective", "Tổ Thử")], KEY).read_bytes()


def entries(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def zipped(items: list[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate name we mean to write
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for info, data in items:
                archive.writestr(info, data)
    return out.getvalue()


def changed(package: bytes, change: Callable[[str, bytes], bytes | None]) -> bytes:
    items = []
    for name, data in entries(package).items():
        new = change(name, data)
        if new is not None:
            items.append((name, new))
    return zipped(items)


def signed(files: dict[str, bytes], schema: int = 1, key=KEY) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "p.zip"
        write_signed(files, key, target, schema)
        return target.read_bytes()


def unsigned_files(package: bytes) -> dict[str, bytes]:
    return {n: d for n, d in entries(package).items() if not n.startswith("manifest.")}


def with_data(package: bytes, data: bytes) -> bytes:
    return signed({**unsigned_files(package), DATA: data})


def patch_central_directory(package: bytes, offset: int, value: bytes, local: int | None = None):
    """The first entry's central-directory field at `offset` (and its local header's at
    `local`) overwritten: what zipfile itself cannot write (encryption flag, a false size)."""
    raw = bytearray(package)
    at = raw.index(b"PK\x01\x02")
    raw[at + offset : at + offset + len(value)] = value
    if local is not None:
        raw[local : local + len(value)] = value
    return bytes(raw)


def symlink(package: bytes) -> bytes:
    info = zipfile.ZipInfo("van-ban/lien-ket")
    info.external_attr = 0o120777 << 16
    return zipped([*entries(package).items(), (info, b"/etc/passwd")])


def resigned_by_another_key(package: bytes) -> bytes:
    return signed(unsigned_files(package), key=Ed25519PrivateKey.generate())


def deep_json(package: bytes) -> bytes:
    """Nested beyond any parser's stack; random keys keep it from compressing like a bomb."""
    opening = "".join(f'{{"{os.urandom(4).hex()}":' for _ in range(5000))
    return with_data(package, (opening + "0" + "}" * 5000).encode())


def huge_json(package: bytes) -> bytes:
    noise = os.urandom(3_000_000).hex()  # random: no zip bomb, just too large to parse
    return with_data(package, json.dumps({"x": noise}).encode())


def unit_without_name(package: bytes) -> bytes:
    data = json.loads(entries(package)[DATA])
    data["unit"]["ten"] = "  "
    return with_data(package, json.dumps(data).encode())


def nominees_of_wrong_shape(package: bytes) -> bytes:
    data = json.loads(entries(package)[DATA])
    data["assessment"] = [{"kind": "<script>", "name": "X"}]
    return with_data(package, json.dumps(data).encode())


def other_campaign(package: bytes) -> bytes:
    data = json.loads(entries(package)[DATA])
    data["campaign"]["code"] = "ls-tcd-2024"
    return with_data(package, json.dumps(data).encode())


def flipped_signature(package: bytes) -> bytes:
    def change(name, data):
        if name != "manifest.sig":
            return data
        return (b"1" if data[:1] == b"0" else b"0") + data[1:]

    return changed(package, change)


CORPUS: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "not-a-zip": (lambda p: b"MZ\x90\x00 a program, not a package", "không phải gói hồ sơ"),
    "empty": (lambda p: b"", "không phải gói hồ sơ"),
    "truncated": (lambda p: p[: len(p) // 2], "không phải gói hồ sơ"),
    "encrypted": (
        lambda p: patch_central_directory(p, 8, struct.pack("<H", 1), local=6),
        "được mã hóa",
    ),
    "absolute-path": (lambda p: zipped([("/etc/cron.d/x", b"x")]), "đường dẫn không an toàn"),
    "zip-slip": (lambda p: zipped([("van-ban/../../x.bat", b"x")]), "đường dẫn không an toàn"),
    "windows-slip": (lambda p: zipped([("..\\..\\x.bat", b"x")]), "đường dẫn không an toàn"),
    "drive-path": (lambda p: zipped([("C:/Windows/x.dll", b"x")]), "đường dẫn không an toàn"),
    "symlink": (symlink, "liên kết (symlink)"),
    "duplicate-names": (
        lambda p: zipped([*entries(p).items(), ("data.json", b"{}")]),
        "hai tệp cùng tên “data.json”",
    ),
    "too-many-entries": (
        lambda p: zipped([(f"van-ban/{n}.txt", b"x") for n in range(501)]),
        "quá giới hạn 500",
    ),
    "zip-bomb": (lambda p: zipped([("data.json", b"0" * 5_000_000)]), "bom nén"),
    "entry-too-large": (
        lambda p: patch_central_directory(p, 24, struct.pack("<I", 200 * 1024 * 1024)),
        "quá lớn (209715200 byte)",
    ),
    "huge-data-json": (huge_json, "data.json quá lớn"),
    "deep-data-json": (deep_json, "data.json lồng quá sâu"),
    "malformed-data-json": (lambda p: with_data(p, b'{"unit": '), "không phải JSON hợp lệ"),
    "data-json-not-object": (lambda p: with_data(p, b"[1, 2]"), "không đúng cấu trúc"),
    "newer-schema": (
        lambda p: signed(unsigned_files(p), schema=SCHEMA + 1),
        f"định dạng {SCHEMA + 1}, mới hơn",
    ),
    "bad-signature": (flipped_signature, "Chữ ký của gói không đúng"),
    "missing-file": (
        lambda p: changed(p, lambda n, d: None if n.endswith("01_To_trinh.pdf") else d),
        "Thiếu tệp van-ban/01_To_trinh.pdf",
    ),
    "extra-file": (
        lambda p: zipped([*entries(p).items(), ("van-ban/virus.exe", b"MZ")]),
        "Tệp lạ không có trong bảng kê: van-ban/virus.exe",
    ),
    "other-campaign": (other_campaign, "thuộc đợt thi đua “ls-tcd-2024”"),
    "unit-without-name": (unit_without_name, "thiếu tên đơn vị"),
    "nominees-wrong-shape": (nominees_of_wrong_shape, "loại đối tượng không hợp lệ"),
    "resigned-by-another-key": (resigned_by_another_key, "khóa KHÁC khóa đã ghi nhận"),
}


def snapshot(*folders: Path) -> dict[str, int]:
    return {
        str(p): p.stat().st_size for folder in folders if folder.exists() for p in folder.rglob("*")
    }


def temp_names() -> set[str]:
    return set(os.listdir(tempfile.gettempdir()))


@pytest.fixture
def inbox(tmp_path, valid, demo_templates):
    path = demo_templates.copy(tmp_path / "db" / "thanh-tra.sqlite", kind="inspectorate")
    # a copy of the session's template, opened as create_inspectorate leaves it: no backup yet
    store = open_store(path, auto_backup=False)
    campaign_code = "ls-tcd-2025"
    from app.store.campaigns import active_campaign_id, load_campaign

    campaign = load_campaign(store.db, active_campaign_id(store.db))
    assert campaign.code == campaign_code
    import_package(store.db, valid, "goc.zip", campaign)  # the unit is known: its key pinned
    yield store, campaign
    store.close()


def inbox_rows(db) -> dict[str, list]:
    tables = ("inbox_units", "inbox_packages", "inbox_package_contents", "inbox_nominees")
    return {t: db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}


@pytest.mark.parametrize("case", sorted(CORPUS))
def test_each_hostile_package_is_refused_with_its_reason(case, valid, inbox, tmp_path):
    store, campaign = inbox
    make, reason = CORPUS[case]
    received = tmp_path / "nhan"
    received.mkdir()
    path = received / f"{case}.zip"
    path.write_bytes(make(valid))
    watched = (received, Path(os.environ["THIDUA_HOME"]))
    before, temp_before, rows = snapshot(*watched), temp_names(), inbox_rows(store.db)
    with pytest.raises(InboxError) as refused:
        import_package(store.db, path.read_bytes(), path.name, campaign)
    assert reason in str(refused.value), str(refused.value)
    assert isinstance(refused.value, KeyChanged) == (case == "resigned-by-another-key")
    assert inbox_rows(store.db) == rows
    assert snapshot(*watched) == before
    assert temp_names() <= temp_before  # no temporary file made (or left) by the check


def test_the_corpus_has_one_file_per_class_of_the_issue():
    assert len(CORPUS) >= 15


def test_one_changed_byte_in_each_file_of_a_real_package_is_refused(inbox, tmp_path):
    """The demo ward's full package (documents, scans' place, data): every file in turn."""
    store, campaign = inbox
    key = Ed25519PrivateKey.generate()
    content, files = demo_parts()
    real = signed({**files, DATA: json.dumps(content).encode()}, key=key)
    rows = inbox_rows(store.db)
    for name in entries(real):

        def flip(entry, data, name=name):
            if entry != name:
                return data
            if name == "manifest.sig":  # hex: a case change would be the same signature
                return data[:-1] + (b"1" if data[-1:] == b"0" else b"0")
            return data[:-1] + bytes([data[-1] ^ 0x20])

        result = verify_package(changed(real, flip), campaign_code=campaign.code)
        assert not result.ok, name
        expected = {
            "manifest.json": "manifest.json không phải JSON hợp lệ",  # its closing brace
            "manifest.sig": "chữ ký của gói",
        }.get(name, f"Tệp {name} đã bị thay đổi")
        assert expected.lower() in " ".join(result.problems).lower(), (name, result.problems)
    manifest = entries(real)["manifest.json"]
    digit = manifest.index(b'"sha256": "') + 11  # a hex digit: the JSON stays valid
    altered = manifest[:digit] + bytes([manifest[digit] ^ 0x01]) + manifest[digit + 1 :]
    result = verify_package(changed(real, lambda n, d: altered if n == "manifest.json" else d))
    assert result.problems == ("Chữ ký của gói không đúng: bảng kê đã bị sửa sau khi ký.",)
    assert inbox_rows(store.db) == rows


# --- property: mutations of a valid package -----------------------------------------------


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[bytes, dict[str, bytes]]:
    """A package with a few bytes per document: thousands of verifications stay quick, and
    each byte is a larger share of the file, so mutations hit every structure."""
    path = tmp_path_factory.mktemp("nho") / "nho.zip"
    unit_package(path, UNIT, [Nominee("individual", "Lê Thử")], KEY, small=True)
    package = path.read_bytes()
    return package, {n: d for n, d in entries(package).items() if not n.startswith("manifest.")}


@settings(
    max_examples=2000,
    deadline=None,
    database=None,  # nothing written to the working folder
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=st.lists(fuzz_inputs.byte_step, min_size=1, max_size=4))
def test_a_mutated_package_never_crashes_and_is_never_accepted_altered(small, steps):
    package, signed_files = small
    result = verify_package(fuzz_inputs.damaged(package, steps), "dot-bien.zip", "ls-tcd-2025")
    event("accepted" if result.ok else "refused")  # --hypothesis-show-statistics: both occur
    assert all(isinstance(p, str) and p for p in result.problems)
    if result.ok:  # only a change zip ignores (a comment, padding) may pass: content as signed
        assert result.files == signed_files
        assert result.data == json.loads(signed_files[DATA])


def test_the_limits_apply_to_the_total_too(valid, monkeypatch):
    monkeypatch.setattr(package_module, "MAX_TOTAL_BYTES", 1000)
    assert "quá lớn khi giải nén" in verify_package(valid, "goc.zip").problems[0]


@pytest.mark.parametrize("created", ["9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z"])
def test_an_implausible_export_time_is_refused_not_a_traceback(tmp_path, created):
    """A year the clock cannot convert (9999-12-31 in Vietnam's time overflowed) or no package
    could carry: refused at verify and at import, with the reason."""
    content, files = demo_parts()
    content = {**content, "created_at": created}
    package = tmp_path / "goi.zip"
    write_signed({**files, DATA: json.dumps(content).encode()}, Ed25519PrivateKey.generate(),
                 package)  # fmt: skip
    result = verify_package(package, campaign_code="ls-tcd-2025")
    assert not result.ok and "thời điểm xuất gói không hợp lý" in result.problems[0]


def test_a_device_or_a_pipe_is_no_package(tmp_path):
    """/dev/zero would be read until memory ran out, a FIFO would hang: refused unread."""
    fifo = tmp_path / "ong.zip"
    os.mkfifo(fifo)
    for path in (Path("/dev/zero"), fifo, tmp_path):
        result = verify_package(path)
        assert not result.ok and "không phải một tệp gói hồ sơ" in result.problems[0]
    assert "Không tìm thấy tệp" in verify_package(tmp_path / "khong-co.zip").problems[0]


def test_a_five_thousand_digit_number_is_refused_in_vietnamese(tmp_path):
    content, files = demo_parts()
    data = json.dumps(content).replace('"version": 1', '"version": ' + "9" * 5000, 1)
    assert "9" * 5000 in data
    package = tmp_path / "goi.zip"
    write_signed({**files, DATA: data.encode()}, Ed25519PrivateKey.generate(), package)
    result = verify_package(package)
    assert not result.ok and result.problems == ("data.json có một số quá dài để là số liệu thật.",)


def test_a_manifest_listing_thousands_of_missing_files_gives_a_short_answer(tmp_path):
    content, files = demo_parts()
    entries = {f"van-ban/{n}.pdf": b"x" for n in range(5000)}
    package = tmp_path / "goi.zip"
    write_signed({**files, **entries, DATA: json.dumps(content).encode()},
                 Ed25519PrivateKey.generate(), package)  # fmt: skip
    with zipfile.ZipFile(package) as archive:  # the files dropped, the signed manifest kept
        kept = {n: archive.read(n) for n in archive.namelist() if not n.startswith("van-ban/")}
    with zipfile.ZipFile(package, "w") as archive:
        for name, data in kept.items():
            archive.writestr(name, data)
    result = verify_package(package)
    assert not result.ok and len(result.problems) == 21
    assert result.problems[-1].startswith("… và ") and "vấn đề khác" in result.problems[-1]


@pytest.mark.parametrize(
    "entry",
    [
        "van-ban/tai-lieu.exe",
        "van-ban/01_To_trinh.docm",
        "van-ban/hoa\u202efdp.exe",
        "van-ban/Tờ_trình.pdf",
        "ban-ky/01_To_trinh.pdf",
        "khac/01.pdf",
        "van-ban/.an.pdf",
    ],
    ids=["exe", "docm", "rtlo", "non-ascii", "scan-without-_ky", "other-folder", "hidden"],
)
def test_a_file_of_a_kind_no_unit_sends_is_refused(tmp_path, entry):
    """Signed or not, a package carries documents (.pdf, .docx) and signed scans only, under
    the plain names the unit's app gives them."""
    content, files = demo_parts()
    package = tmp_path / "goi.zip"
    write_signed({**files, entry: b"MZ", DATA: json.dumps(content).encode()},
                 Ed25519PrivateKey.generate(), package)  # fmt: skip
    result = verify_package(package)
    assert not result.ok
    assert any(p.startswith("Gói chứa tệp không được phép") for p in result.problems)


@pytest.mark.parametrize(
    ("change", "said"),
    [
        ({"resolution": {"resolved": 100000, "denominator": 1}}, "100000 vụ việc đã giải quyết"),
        ({"votes": 999, "members": 3}, "999 phiếu nhiều hơn 3 thành viên"),
        ({"votes": 7, "members": 9, "present": 5}, "7 phiếu nhiều hơn 5 người có mặt"),
        ({"resolution": {"on_time": 40}}, "40 vụ việc đúng hạn"),
        ({"resolution": {"new": 3}}, "không thành 31"),
        ({"processing": {"received": 2, "processed": 5}}, "5 đơn đã xử lý trên 2"),
    ],
    ids=[
        "resolved-over-total",
        "votes-over-members",
        "votes-over-present",
        "on-time",
        "carried-plus-new",
        "processed",
    ],
)
def test_figures_that_cannot_be_true_are_refused(tmp_path, change, said):
    """The signature proves who sent a package, not that its figures can be true (the unit's
    app can be modified): impossible figures are refused at verify, naming the nominee."""
    content, files = demo_parts()
    entry = json.loads(json.dumps(content["assessment"][0]))
    for key, value in change.items():
        if key in ("resolution", "processing"):
            entry["figures"][key].update(value)
        else:
            entry[key] = value
    content = {**content, "assessment": [entry]}
    package = tmp_path / "goi.zip"
    write_signed({**files, DATA: json.dumps(content).encode()}, Ed25519PrivateKey.generate(),
                 package)  # fmt: skip
    result = verify_package(package)
    assert not result.ok
    assert any(said in p and entry["name"] in p for p in result.problems), result.problems


@pytest.mark.parametrize("text", ["Tổ A\x01", "x\x1b[2J", "ô\x0c", "\ufffe"])
def test_a_text_no_document_can_hold_is_refused_at_verify(tmp_path, text):
    """Control characters anywhere in data.json (a nominee's summary included) used to import,
    then break the Inspectorate's report and spreadsheet for good (lxml, openpyxl refuse them)
    and steer the terminal of `inbox list`."""
    content, files = demo_parts()
    content = json.loads(json.dumps(content))
    content["nominees"]["tap_the"][0]["tom_tat"] = text
    package = tmp_path / "goi.zip"
    write_signed({**files, DATA: json.dumps(content).encode()}, Ed25519PrivateKey.generate(),
                 package)  # fmt: skip
    result = verify_package(package)
    assert not result.ok
    assert any("ký tự điều khiển" in p and "nominees.tap_the[0].tom_tat" in p
               for p in result.problems)  # fmt: skip


def test_a_hostile_package_in_a_batch_neither_stops_it_nor_hides_its_reason(
    tmp_path, inspectorate_path, capsys
):
    """`inbox import good.zip bad.zip next.zip` stored the first, printed nothing and never
    reached the third when the middle one raised (issue 17, point 7)."""
    from app.cli import main

    good = unit_package(tmp_path / "tot.zip", "UBND xã Một", [Nominee("collective", "Tổ Một")])
    content, files = demo_parts()
    content = {**content, "created_at": "9999-12-31T23:59:59Z"}
    bad = tmp_path / "xau.zip"
    write_signed({**files, DATA: json.dumps(content).encode()}, KEY, bad)
    after = unit_package(tmp_path / "sau.zip", "UBND xã Hai", [Nominee("collective", "Tổ Hai")])
    code = main(["--db", str(inspectorate_path), "inbox", "import", *map(str, (good, bad, after))])
    out = capsys.readouterr()
    assert code == 1 and "Traceback" not in out.err
    lines = out.out.splitlines()
    assert lines[0].startswith("tot.zip: UBND xã Một: đã nhập")
    assert lines[1].startswith("KHÔNG NHẬP xau.zip:") and "không hợp lý" in lines[1]
    assert lines[2].startswith("sau.zip: UBND xã Hai: đã nhập")
