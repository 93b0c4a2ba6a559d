"""Evidence files attached to a candidate's achievements: what the app accepts, decided from
the file's own bytes (a renamed file is not trusted for its extension) and its size."""

from __future__ import annotations

import io
import zipfile

from msgspec import Struct

from app.errors import InvalidValue

MAX_FILE_BYTES = 20 * 1024 * 1024  # a scanned decision or certificate, with margin
MAX_CANDIDATE_BYTES = 100 * 1024 * 1024  # all of one candidate's evidence


class Kind(Struct, frozen=True):
    media_type: str
    label: str
    suffixes: tuple[str, ...]


PDF = Kind("application/pdf", "PDF", (".pdf",))
JPEG = Kind("image/jpeg", "ảnh JPG", (".jpg", ".jpeg"))
PNG = Kind("image/png", "ảnh PNG", (".png",))
DOCX = Kind(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "Word (DOCX)",
    (".docx",),
)
XLSX = Kind(
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "Excel (XLSX)",
    (".xlsx",),
)
KINDS = (PDF, JPEG, PNG, DOCX, XLSX)
ACCEPTED = ", ".join(k.label for k in KINDS)


def _zip_kind(data: bytes) -> Kind | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def _sniff(data: bytes) -> Kind | None:
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    return None


def check_evidence(name: str, data: bytes, already_attached: int = 0) -> Kind:
    """The kind of an evidence file; ValueError (Vietnamese, naming the file) when refused."""
    size = len(data)
    if size == 0:
        raise InvalidValue(f"Tệp {name} rỗng (0 byte).")
    if size > MAX_FILE_BYTES:
        raise InvalidValue(
            f"Tệp {name} nặng {size / 1_048_576:.1f} MB, quá giới hạn "
            f"{MAX_FILE_BYTES // 1_048_576} MB cho một tệp minh chứng; hãy quét lại ở độ phân "
            "giải thấp hơn (200 dpi là đủ) hoặc tách tệp."
        )
    if already_attached + size > MAX_CANDIDATE_BYTES:
        raise InvalidValue(
            f"Không thêm được {name}: minh chứng của một đối tượng tối đa "
            f"{MAX_CANDIDATE_BYTES // 1_048_576} MB."
        )
    kind = _sniff(data)
    if kind is None:
        raise InvalidValue(f"Tệp {name} không phải {ACCEPTED}, hoặc bị hỏng.")
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in kind.suffixes:
        raise InvalidValue(
            f"Tệp {name} có nội dung là {kind.label} nhưng đuôi tệp là “{suffix or '(không có)'}”; "
            f"hãy đổi tên cho đúng ({kind.suffixes[0]})."
        )
    return kind
