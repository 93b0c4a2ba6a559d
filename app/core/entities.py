"""The unit's people and collectives as plain data, as the rules and pages see them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum

from msgspec import Struct, field


class CandidateKind(StrEnum):
    INDIVIDUAL = "individual"
    COLLECTIVE = "collective"

    @property
    def label(self) -> str:
        return "Cá nhân" if self is CandidateKind.INDIVIDUAL else "Tập thể"


GENDERS = ("Nam", "Nữ")


class Organisation(Struct, frozen=True):
    id: int
    parent_agency: str
    name: str
    abbreviation: str
    address: str = ""
    phone: str = ""
    email: str = ""
    place_name: str = ""
    signer_authority: str = ""
    signer_position: str = ""
    signer_name: str = ""


class DisciplineRecord(Struct, frozen=True):
    decision_date: date
    form: str  # khiển trách, cảnh cáo, …
    reason: str = ""
    decision_no: str = ""
    id: int | None = None


class Award(Struct, frozen=True):
    year: int
    title: str
    decision: str = ""  # số, ngày quyết định, cơ quan ban hành
    id: int | None = None


class Person(Struct, frozen=True):
    id: int | None
    full_name: str
    birth_date: date | None = None
    gender: str = ""
    position: str = ""  # in the government (chính quyền): the one the danh sách prints
    hometown: str = ""
    residence: str = ""
    qualification: str = ""
    ratings: dict[int, str] = field(default_factory=dict)  # year → rating
    disciplines: tuple[DisciplineRecord, ...] = ()
    awards: tuple[Award, ...] = ()
    party_position: str = ""  # e.g. "Bí thư Chi bộ"
    mass_org_position: str = ""  # đoàn thể: trade union, youth union, women's union, …

    @property
    def all_positions(self) -> str:
        """Party, government and mass-organisation positions, as Mẫu 08 lists them."""
        held = (self.party_position, self.position, self.mass_org_position)
        return "; ".join(p for p in held if p)


# A person's details typed as text, besides the name and gender: what a staff list may carry
PERSON_TEXT_DETAILS = (
    "position", "party_position", "mass_org_position", "hometown", "residence", "qualification"
)  # fmt: skip


class Collective(Struct, frozen=True):
    id: int | None
    name: str
    members: tuple[Person, ...] = ()
    ratings: dict[int, str] = field(default_factory=dict)
    awards: tuple[Award, ...] = ()
    duties: str = ""  # chức năng, nhiệm vụ: part I of its Mẫu 08
    head_id: int | None = None  # the member who signs its Mẫu 08 as "Thủ trưởng đơn vị"


class GateAnswer(Struct, frozen=True):
    """A nominee's declaration on one case that bars an award while it lasts (core.regime.Gate)."""

    pending: bool  # True: the case is open
    note: str = ""  # what and where: "Đơn tố cáo ngày 12/03/2026, đang xác minh"


class Candidate(Struct, frozen=True):
    """Someone considered for the campaign's award: one person or one collective."""

    id: int
    kind: CandidateKind
    name: str
    ratings: dict[int, str]
    # Discipline that counts against the candidate, with the disciplined person's name.
    disciplines: tuple[tuple[str, DisciplineRecord], ...]
    no_pending_declaration: bool | None  # None: the nominee has not declared yet
    nominated: bool = False
    subject_id: int | None = None  # the person's or the collective's id
    gates: Mapping[str, GateAnswer] = field(
        default_factory=dict
    )  # by gate id; absent: not declared

    @classmethod
    def for_person(
        cls, candidate_id: int, person: Person, declaration: bool | None, nominated: bool = False
    ) -> Candidate:
        return cls(
            candidate_id,
            CandidateKind.INDIVIDUAL,
            person.full_name,
            dict(person.ratings),
            tuple((person.full_name, d) for d in person.disciplines),
            declaration,
            nominated,
            person.id,
        )

    @classmethod
    def for_collective(
        cls,
        candidate_id: int,
        collective: Collective,
        declaration: bool | None,
        nominated: bool = False,
    ) -> Candidate:
        # "no member disciplined in the window": every member's records count.
        records = tuple((m.full_name, d) for m in collective.members for d in m.disciplines)
        return cls(
            candidate_id,
            CandidateKind.COLLECTIVE,
            collective.name,
            dict(collective.ratings),
            records,
            declaration,
            nominated,
            collective.id,
        )
