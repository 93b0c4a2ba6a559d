"""The Sổ vàng (register of awards issued): one row per award of a signed decision, numbered in
the book; recording a decision also writes each award into the unit's own person's or
collective's prior awards, where next year's Báo cáo thành tích reads them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime

from sqlite_utils import Database

from app.core.entities import Award
from app.store.errors import StoreError

TABLE = "awards_register"


@dataclass(frozen=True)
class IssuedAward:
    book_number: int  # số sổ vàng
    campaign_code: str
    decision_number: str  # "12"
    decision_symbol: str  # "QĐ-TTr": the number as printed is "12/QĐ-TTr"
    decision_date: date
    issuer: str  # who awards: "Chánh Thanh tra tỉnh X"
    issuing_body: str  # whose decision it is: "Thanh tra tỉnh X"
    signer_position: str
    signer_name: str
    award: str  # "Giấy khen của Chánh Thanh tra tỉnh X"
    recipient: str
    kind: str  # "collective" | "individual"
    position: str  # an individual's chức vụ, đơn vị
    unit: str  # the unit the recipient belongs to
    money: int | None  # đồng, as the decision's Điều 2 says
    person_id: int | None = None
    collective_id: int | None = None
    recorded_at: str = ""

    @property
    def printed_number(self) -> str:
        return (
            f"{self.decision_number}/{self.decision_symbol}"
            if self.decision_symbol
            else (self.decision_number)
        )

    @property
    def decision_text(self) -> str:
        """As a prior award's "số, ngày quyết định, cơ quan ban hành"."""
        body = self.issuing_body or self.issuer
        return f"Số {self.printed_number} ngày {self.decision_date:%d/%m/%Y}" + (
            f" của {body}" if body else ""
        )


def next_book_number(db: Database) -> int:
    (last,) = db.execute(f"SELECT COALESCE(MAX(book_number), 0) FROM {TABLE}").fetchone()
    return int(last) + 1


def recorded_on(db: Database, number: str, signed_on: date) -> str | None:
    """When the decision `number` of `signed_on` was written into the book, if it was."""
    row = db.execute(
        f"SELECT MIN(recorded_at) FROM {TABLE} WHERE decision_number = ? AND decision_date = ?",
        [number, signed_on.isoformat()],
    ).fetchone()
    return row[0] if row and row[0] else None


def record_awards(db: Database, awards: list[IssuedAward]) -> None:
    """Writes `awards` into the book and each into its own person's or collective's prior
    awards (unless that award is listed there already), in one transaction."""
    now = datetime.now().replace(microsecond=0).isoformat(sep=" ")
    with db.atomic():
        for award in awards:
            row = {**asdict(award), "recorded_at": now}
            row["decision_date"] = award.decision_date.isoformat()
            taken = db.execute(
                f"SELECT 1 FROM {TABLE} WHERE book_number = ?", [award.book_number]
            ).fetchone()
            if taken:
                raise StoreError(f"Số sổ vàng {award.book_number} đã được dùng.")
            db[TABLE].insert(row)
            for column, owner in (("person_id", award.person_id),
                                  ("collective_id", award.collective_id)):  # fmt: skip
                if owner is not None:
                    _add_prior_award(db, column, owner, award)


def _add_prior_award(db: Database, column: str, owner: int, award: IssuedAward) -> None:
    prior = Award(award.decision_date.year, award.award, award.decision_text)
    listed = db.execute(
        f"SELECT 1 FROM awards WHERE {column} = ? AND year = ? AND title = ? AND decision = ?",
        [owner, prior.year, prior.title, prior.decision],
    ).fetchone()
    if not listed:
        db["awards"].insert(
            {column: owner, "year": prior.year, "title": prior.title, "decision": prior.decision}
        )


def load_register(db: Database, campaign_code: str | None = None) -> list[IssuedAward]:
    """The book in its order (of `campaign_code` only, when given)."""
    where, parameters = ("WHERE campaign_code = ?", [campaign_code]) if campaign_code else ("", [])
    rows = db.execute(
        f"SELECT book_number, campaign_code, decision_number, decision_symbol, decision_date, "
        f"issuer, issuing_body, signer_position, signer_name, award, recipient, kind, position, "
        f"unit, money, person_id, collective_id, recorded_at FROM {TABLE} {where} "
        f"ORDER BY book_number",
        parameters,
    ).fetchall()
    return [
        IssuedAward(*row[:4], date.fromisoformat(row[4]), *row[5:])  # type: ignore[arg-type]
        for row in rows
    ]
