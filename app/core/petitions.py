"""Petition register and reception log entries as the tally sees them (domain.md §6.1, §6.3).

Only what the figures need: the senders' names, addresses and the content of petitions are
personal data and never reach these objects, so no figure or export can carry them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from enum import StrEnum
from typing import Generic, TypeVar

from msgspec import Struct

from app.core.text import fold
from app.errors import InvalidValue


class PetitionType(StrEnum):
    COMPLAINT = "KN"
    DENUNCIATION = "TC"
    PETITION = "KNPA"


class Outcome(StrEnum):
    PENDING = "chua"
    IN_PROGRESS = "dang"
    RESOLVED = "da"
    WITHDRAWN = "rut"
    SUSPENDED = "dinh_chi"


# Any of these with a resolution date closes a case (domain.md §6.2.2).
CLOSING_OUTCOMES = frozenset({Outcome.RESOLVED, Outcome.WITHDRAWN, Outcome.SUSPENDED})


class Processing(StrEnum):
    ACCEPTED = "thu_ly"
    GUIDED = "huong_dan"
    FORWARDED = "chuyen"
    URGED = "don_doc"
    FILED = "luu"


class ReceptionForm(StrEnum):
    REGULAR = "thuong_xuyen"
    PERIODIC = "dinh_ky"
    AD_HOC = "dot_xuat"


E = TypeVar("E", bound=StrEnum)


def _key(text: str) -> str:
    return " ".join(fold(text).replace(",", " ").replace("-", " ").replace("/", " ").split())


class Vocabulary(Generic[E]):
    """The Vietnamese label of each value and the spellings users type for it."""

    def __init__(self, spellings: Mapping[E, Sequence[str]]):
        self._labels = {member: names[0] for member, names in spellings.items()}
        self._lookup = {_key(name): member for member, names in spellings.items() for name in names}
        self._seen: dict[str, E | ValueError | None] = {}  # registers repeat a few values

    def label(self, member: E) -> str:
        return self._labels[member]

    @property
    def labels(self) -> list[str]:
        return list(self._labels.values())

    def parse(self, text: str) -> E | None:
        """The value a typed text means (case-, accent- and punctuation-insensitive); None for
        an empty text. Raises ValueError, in Vietnamese, for a text nobody could classify."""
        if text not in self._seen:
            self._seen[text] = self._classify(text)
        answer = self._seen[text]
        if isinstance(answer, ValueError):
            raise InvalidValue(*answer.args)
        return answer

    def _classify(self, text: str) -> E | ValueError | None:
        key = _key(text)
        if not key:
            return None
        if key in self._lookup:
            return self._lookup[key]
        allowed = "; ".join(self._labels.values())
        return ValueError(f"“{text.strip()}” không phải giá trị hợp lệ (một trong: {allowed}).")


PETITION_TYPES: Vocabulary[PetitionType] = Vocabulary(
    {
        PetitionType.COMPLAINT: ("Khiếu nại", "KN", "Đơn khiếu nại"),
        PetitionType.DENUNCIATION: ("Tố cáo", "TC", "Đơn tố cáo"),
        PetitionType.PETITION: (
            "Kiến nghị, phản ánh",
            "KNPA",
            "KN-PA",
            "Kiến nghị",
            "Phản ánh",
            "Đề nghị",
            "Đơn kiến nghị",
            "Đơn đề nghị",
        ),
    }
)
OUTCOMES: Vocabulary[Outcome] = Vocabulary(
    {
        Outcome.PENDING: ("Chưa giải quyết", "Chưa"),
        Outcome.IN_PROGRESS: ("Đang giải quyết", "Đang", "Đang xử lý"),
        Outcome.RESOLVED: ("Đã giải quyết", "Đã", "Xong", "Hoàn thành", "Đã xử lý"),
        Outcome.WITHDRAWN: ("Rút đơn", "Đã rút đơn", "Rút"),
        Outcome.SUSPENDED: ("Đình chỉ", "Đình chỉ giải quyết"),
    }
)
PROCESSINGS: Vocabulary[Processing] = Vocabulary(
    {
        Processing.ACCEPTED: ("Thụ lý giải quyết", "Thụ lý"),
        Processing.GUIDED: ("Hướng dẫn", "Trả lại và hướng dẫn"),
        Processing.FORWARDED: ("Chuyển đơn", "Chuyển"),
        Processing.URGED: ("Đôn đốc", "Đôn đốc giải quyết"),
        Processing.FILED: ("Lưu đơn", "Lưu"),
    }
)
RECEPTION_FORMS: Vocabulary[ReceptionForm] = Vocabulary(
    {
        ReceptionForm.REGULAR: ("Thường xuyên", "TX"),
        ReceptionForm.PERIODIC: ("Định kỳ", "ĐK"),
        ReceptionForm.AD_HOC: ("Đột xuất", "ĐX"),
    }
)
YES_NO: Vocabulary = Vocabulary(
    {
        "yes": ("Có", "x", "1", "Đủ", "Đủ điều kiện", "Yes", "Đúng"),
        "no": ("Không", "0", "Không đủ", "Không đủ điều kiện", "No", "Sai"),
    }
)
AUTHORITY: Vocabulary = Vocabulary(
    {
        "yes": ("Thuộc thẩm quyền", "Thuộc", "Có", "x", "TTQ"),
        "no": ("Không thuộc thẩm quyền", "Không thuộc", "Không", "KTTQ"),
    }
)


class SourceRow(Struct, frozen=True):
    """Where a row came from, for error reports and drill-down: sheet and 1-based row."""

    sheet: str
    row: int


class Petition(Struct, frozen=True):
    key: str  # Mã đơn, unique in the unit
    received: date | None
    type: PetitionType | None
    eligible: bool | None
    in_authority: bool | None
    processing: Processing | None
    case_key: str  # petitions about one case share it; '' = the petition is its own case
    officer: str
    deadline: date | None
    outcome: Outcome | None  # None: nothing entered, i.e. not resolved
    resolved_on: date | None
    signers: int = 1
    source: SourceRow | None = None


class Reception(Struct, frozen=True):
    """One citizen reception (lượt tiếp) of the reception log."""

    key: str
    day: date
    officer: str
    by_leader: bool
    form: ReceptionForm
    people: int
    case_key: str = ""
    source: SourceRow | None = None

    @property
    def is_mass_delegation(self) -> bool:
        return self.people >= MASS_DELEGATION_PEOPLE


MASS_DELEGATION_PEOPLE = 5  # đoàn đông người (domain.md §6.3)
