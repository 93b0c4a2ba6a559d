"""The Sổ vàng (register of awards issued): one row per award of a signed decision, numbered in
the book; recording a decision also writes each award into the unit's own person's or
collective's prior awards, where next year's Báo cáo thành tích reads them. The last decision
written can be taken out again (a typo in its number or date), its prior awards with it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from msgspec import Struct
from msgspec.structs import asdict

from app.core.entities import Award
from app.store.connection import Database
from app.store.errors import StoreError
from app.store.stored_values import stored_date

TABLE = "awards_register"
COLUMNS = (
    "book_number", "campaign_code", "decision_number", "decision_symbol", "decision_date",
    "issuer", "issuing_body", "signer_position", "signer_name", "place", "award", "recipient",
    "kind", "position", "unit", "money", "person_id", "collective_id", "recorded_at",
)  # fmt: skip


class IssuedAward(Struct, frozen=True):
    book_number: int  # số sổ vàng
    campaign_code: str
    decision_number: str  # "12"
    decision_symbol: str  # "QĐ-TTr": the number as printed is "12/QĐ-TTr"
    decision_date: date
    issuer: str  # who awards: "Chánh Thanh tra tỉnh X"
    issuing_body: str  # whose decision it is: "Thanh tra tỉnh X"
    signer_position: str
    signer_name: str
    place: str  # the issuer's địa danh, before the certificate's date ("" when not known)
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
        symbol = f"/{self.decision_symbol}" if self.decision_symbol else ""
        return self.decision_number + symbol

    @property
    def decision(self) -> tuple[str, date]:
        """What tells one decision from another: two may share a number, not a day too."""
        return self.decision_number, self.decision_date

    @property
    def identity(self) -> tuple[str, str, str, str]:
        """Who was awarded, as the book can tell: an award of a campaign is given once."""
        return self.kind, self.recipient, self.position, self.unit

    @property
    def decision_text(self) -> str:
        """As a prior award's "số, ngày quyết định, cơ quan ban hành"."""
        body = self.issuing_body or self.issuer
        return f"Quyết định số {self.printed_number} ngày {self.decision_date:%d/%m/%Y}" + (
            f" của {body}" if body else ""
        )


def next_book_number(db: Database) -> int:
    (last,) = db.execute(f"SELECT COALESCE(MAX(book_number), 0) FROM {TABLE}").fetchone()
    return int(last) + 1


def recorded_at(db: Database, number: str, signed_on: date) -> str | None:
    """When (UTC, "…Z") the decision `number` of `signed_on` was written into the book."""
    row = db.execute(
        f"SELECT MIN(recorded_at) FROM {TABLE} WHERE decision_number = ? AND decision_date = ?",
        [number, signed_on.isoformat()],
    ).fetchone()
    return str(row[0]) if row and row[0] else None


def record_awards(db: Database, awards: list[IssuedAward]) -> None:
    """Writes `awards` into the book and each into its own person's or collective's prior
    awards (unless that award is listed there already: a clerk may have typed it), keeping
    which prior award it wrote, in one transaction."""
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    with db.atomic():
        for award in awards:
            taken = db.execute(
                f"SELECT 1 FROM {TABLE} WHERE book_number = ?", [award.book_number]
            ).fetchone()
            if taken:
                raise StoreError(f"Số sổ vàng {award.book_number} đã được dùng.")
            row = {**asdict(award), "recorded_at": now, "prior_award_id": None}
            row["decision_date"] = award.decision_date.isoformat()
            for column, owner, prior in _prior_awards(award):
                listed = db.execute(
                    f"SELECT 1 FROM awards WHERE {column} = ? AND year = ? AND title = ? "
                    "AND decision = ?",
                    [owner, prior.year, prior.title, prior.decision],
                ).fetchone()
                if not listed:
                    written = db["awards"].insert({column: owner, "year": prior.year,
                                                   "title": prior.title,
                                                   "decision": prior.decision})  # fmt: skip
                    row["prior_award_id"] = written.last_pk
            db[TABLE].insert(row)


def remove_decision(db: Database, number: str, signed_on: date) -> list[IssuedAward]:
    """Takes the decision out of the book with the prior awards it wrote; only the last one
    written (a book's numbers are never reused under another's feet). Returns its rows."""
    rows = [r for r in load_register(db) if r.decision == (number, signed_on)]
    day = f"{signed_on:%d/%m/%Y}"
    if not rows:
        raise StoreError(f"Sổ vàng không có Quyết định số {number} ngày {day}.")
    if max(r.book_number for r in rows) != next_book_number(db) - 1:
        raise StoreError(
            f"Chỉ bỏ được Quyết định ghi sau cùng: sau Quyết định số {rows[0].printed_number} "
            f"ngày {day} đã có Quyết định khác được ghi vào Sổ vàng."
        )
    with db.atomic():
        for award in rows:  # the prior awards it wrote, not one a clerk had typed already
            db.execute(
                "DELETE FROM awards WHERE id = (SELECT prior_award_id FROM "
                f"{TABLE} WHERE book_number = ?)",
                [award.book_number],
            )
            db.execute(f"DELETE FROM {TABLE} WHERE book_number = ?", [award.book_number])
    return rows


def _prior_awards(award: IssuedAward) -> list[tuple[str, int, Award]]:
    prior = Award(award.decision_date.year, award.award, award.decision_text)
    return [
        (column, owner, prior)
        for column, owner in (
            ("person_id", award.person_id),
            ("collective_id", award.collective_id),
        )
        if owner is not None
    ]


def load_register(db: Database, campaign_code: str | None = None) -> list[IssuedAward]:
    """The book in its order (of `campaign_code` only, when given)."""
    where, parameters = ("WHERE campaign_code = ?", [campaign_code]) if campaign_code else ("", [])
    rows = db.execute(
        f"SELECT {', '.join(COLUMNS)} FROM {TABLE} {where} ORDER BY book_number", parameters
    ).fetchall()
    return [
        IssuedAward(*row[:4], stored_date(row[4], TABLE, "decision_date", required=True), *row[5:])  # type: ignore[arg-type]
        for row in rows
    ]
