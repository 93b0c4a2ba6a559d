"""One document model for every dossier document (domain.md §4–§5). Renderers turn it into
DOCX or PDF; the text is the same in both because it lives here once, in NFC."""

from __future__ import annotations

from msgspec import Struct, field

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


class HeaderBlock(Struct, frozen=True):
    """The two-column head: issuing agency on the left, national title on the right."""

    parent_agency: str  # shown in capitals
    unit: str  # shown in capitals, bold, with a short rule under it
    number: str | None  # "Số: 05/TTr-UBND"; None for documents without one (Mẫu 08)
    place_date: str | None  # "Hoa Sen, ngày 05 tháng 02 năm 2025"; None in a Biên bản


class Title(Struct, frozen=True):
    kind: str  # TỜ TRÌNH, BIÊN BẢN, BÁO CÁO THÀNH TÍCH (capitals, bold, centred)
    lines: tuple[str, ...] = ()  # trích yếu: bold, centred, a short rule after the last


class Paragraph(Struct, frozen=True):
    text: str
    italic: bool = False
    bold: bool = False
    centred: bool = False
    indent: bool = True  # first-line indent of the body text


class Heading(Struct, frozen=True):
    text: str  # "I. THÔNG TIN CHUNG": capitals, bold, kept with what follows


class SignatureColumn(Struct, frozen=True):
    lines: tuple[str, ...]  # authority and position, capitals bold ("TM. ỦY BAN NHÂN DÂN", …)
    # bold, each after its own space to sign (and stamp): one signer, or the members of a
    # committee who all sign under one title (the Ban kiểm phiếu)
    names: tuple[str, ...] = ()
    note: str = ""  # italic under the title, e.g. "(Ký, đóng dấu)"


class Recipients(Struct, frozen=True):
    """ "Nơi nhận:" (bold italic, 12 pt) and its list (11 pt), left of the signature."""

    items: tuple[str, ...]


class Signatures(Struct, frozen=True):
    left: SignatureColumn | Recipients | None
    right: SignatureColumn
    below: Recipients | None = None  # a Biên bản's "Nơi nhận:", under the left signature


class Table(Struct, frozen=True):
    """A ruled table whose header row repeats on every page (the danh sách)."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths_mm: tuple[float, ...]  # one per column, adding up to the text width
    size_pt: float = 12


Block = HeaderBlock | Title | Paragraph | Heading | Table | Signatures


class Document(Struct, frozen=True):
    name: str  # for messages and file names
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    landscape: bool = False  # A4 turned, for a table too wide for portrait (the danh sách)
    subject: str = ""  # the campaign, in the files' properties

    @property
    def title(self) -> str:
        """The files' title property: "Tờ trình về việc đề nghị tặng Giấy khen …"."""
        title = next((b for b in self.blocks if isinstance(b, Title)), None)
        if title is None:
            return self.name
        words = title.kind[:1] + title.kind[1:].lower()
        if title.lines:
            line = title.lines[0]
            words += " " + (line if line.isupper() else line[:1].lower() + line[1:])
        return words

    @property
    def author(self) -> str:
        """The issuing unit, as its name is written (not in the header's capitals)."""
        return next((b.unit for b in self.blocks if isinstance(b, HeaderBlock)), "")
