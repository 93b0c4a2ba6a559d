"""The submission package (issue 7, first part): export of the stored build with a signed
manifest, the same bytes for the same data, no register personal data in any byte, and a
verification that trusts nothing in the file."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime

import pytest

from app.cli import main
from app.exchange.package import verify_package
from app.services.package import export_package
from app.store.dossier_builds import latest_build
from app.store.register import register_rows

NOW = datetime(2025, 11, 1, 8, 30, tzinfo=UTC)


@pytest.fixture
def built(built_unit):
    return built_unit


def test_an_exported_package_verifies_and_names_its_signer(built, tmp_path, capsys):
    package = export_package(built.db, tmp_path, NOW)
    assert package.name == "UBND_phuong_Hoa_Sen_ls_tcd_2025_20251101.zip"
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
    assert "van-ban/01_To_trinh.docx" in names and "van-ban/01_To_trinh.pdf" in names
    assert {"data.json", "manifest.json", "manifest.sig"} <= set(names)
    assert all(name.isascii() for name in names)
    result = verify_package(package)
    assert result.ok, result.problems
    stored = latest_build(built.db, 1, 1)
    assert result.data["build"]["warnings"] == list(stored.warnings)  # the check's, as stored
    assert any(w.startswith("Nội dung các văn bản: Còn thiếu") for w in stored.warnings)
    assert result.data["figures"]["ty_le"] == "96,77%"
    assert main(["package", "verify", str(package)]) == 0
    assert f"chữ ký của đơn vị có khóa {result.unit_key}" in capsys.readouterr().out


def test_the_same_data_gives_the_same_bytes_but_for_the_creation_time(built, tmp_path):
    first = export_package(built.db, tmp_path / "a.zip", NOW).read_bytes()
    second = export_package(built.db, tmp_path / "b.zip", NOW).read_bytes()
    assert first == second
    later = export_package(built.db, tmp_path / "c.zip", NOW.replace(hour=9))
    with zipfile.ZipFile(io.BytesIO(first)) as a, zipfile.ZipFile(later) as b:
        differ = {n for n in a.namelist() if a.read(n) != b.read(n)}
    assert differ == {"data.json", "manifest.json", "manifest.sig"}  # created_at, and its hash


def test_no_byte_of_the_package_holds_register_personal_data(built, tmp_path):
    package = export_package(built.db, tmp_path, NOW)
    with zipfile.ZipFile(package) as archive:
        everything = [archive.read(name) for name in archive.namelist()]
    values = {
        value
        for row in register_rows(built.db, 1)
        for value in (row.sender, row.address, row.content)
        if value
    }
    assert values  # the demo register has personal data to look for
    for value in values:
        needle = value.encode()
        assert not any(needle in data for data in everything), value


def rewrite(package, path, change):
    """A copy of `package` with `change(name, data) -> data | None` applied to each entry."""
    with zipfile.ZipFile(package) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            data = change(info.filename, source.read(info))
            if data is not None:
                target.writestr(info, data)
    return path


def test_one_changed_byte_in_any_file_is_found(built, tmp_path):
    package = export_package(built.db, tmp_path, NOW)
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
    for name in names:

        def flip(entry, data, name=name):
            return data if entry != name else bytes([data[0] ^ 1]) + data[1:]

        result = verify_package(rewrite(package, tmp_path / "sua.zip", flip))
        assert not result.ok, name
        if name == "manifest.json":
            # its first byte "{" flipped to "z": no longer JSON, so never signed as read
            assert result.problems == ("manifest.json không phải JSON hợp lệ (dòng 1, cột 1).",)
        elif name == "manifest.sig":
            assert "chữ ký" in result.problems[0].lower()
        else:
            assert result.problems == (f"Tệp {name} đã bị thay đổi (sai mã kiểm tra).",)


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: p.write_bytes(b"not a zip at all"), "không phải gói hồ sơ"),
        (lambda p: p.write_bytes(b""), "không phải gói hồ sơ"),
    ],
)
def test_files_that_are_no_package_are_refused(tmp_path, make, reason):
    path = tmp_path / "goi.zip"
    make(path)
    assert reason in verify_package(path).problems[0]


def test_hostile_entries_are_refused_before_anything_is_read(built, tmp_path):
    package = export_package(built.db, tmp_path, NOW)
    truncated = tmp_path / "cut.zip"
    truncated.write_bytes(package.read_bytes()[: package.stat().st_size // 2])
    assert "không phải gói hồ sơ" in verify_package(truncated).problems[0]
    for hostile, reason in (
        ("../../ngoai.txt", "đường dẫn không an toàn"),
        ("/etc/passwd", "đường dẫn không an toàn"),
        ("C:/Windows/x.dll", "đường dẫn không an toàn"),
    ):
        path = tmp_path / "xau.zip"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr(hostile, b"x")
        assert reason in verify_package(path).problems[0]
    bomb = tmp_path / "bom.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", b"0" * 5_000_000)
    assert "bom nén" in verify_package(bomb).problems[0]
    extra = rewrite(package, tmp_path / "them.zip", lambda name, data: data)
    with zipfile.ZipFile(extra, "a") as archive:
        archive.writestr("van-ban/la.exe", b"MZ")
    assert verify_package(extra).problems == ("Tệp lạ không có trong bảng kê: van-ban/la.exe.",)


def test_another_key_cannot_resign_a_package_unnoticed(built, tmp_path, empty_store):
    """A package re-signed with another database's key verifies, but names another signer:
    the Inspectorate's pinning (issue 7) refuses it."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    package = export_package(built.db, tmp_path, NOW)
    original = verify_package(package).unit_key
    other = Ed25519PrivateKey.generate()

    def resign(name, data):
        if name == "manifest.json":
            manifest = json.loads(data)
            manifest["public_key"] = other.public_key().public_bytes_raw().hex()
            return json.dumps(manifest).encode()
        return data

    step = rewrite(package, tmp_path / "step.zip", resign)
    with zipfile.ZipFile(step) as archive:
        manifest = archive.read("manifest.json")

    def sign(name, data):
        return other.sign(manifest).hex().encode() if name == "manifest.sig" else data

    result = verify_package(rewrite(step, tmp_path / "khac.zip", sign))
    assert result.ok and result.unit_key != original


def test_export_needs_a_stored_build(demo_store, tmp_path, capsys):
    assert main(["--db", str(demo_store.path), "package", "export", "--out", str(tmp_path)]) == 1
    assert "Chưa lập hồ sơ" in capsys.readouterr().err
