"""A campaign (đợt thi đua) as data: period, deadlines, criteria, thresholds, quotas, votes."""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from datetime import date
from fractions import Fraction
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from app.core.bodies import BODY_FIELDS
from app.core.petitions import PETITION_TYPES, PetitionType
from app.core.text import nfc
from app.errors import UserError

if TYPE_CHECKING:
    from app.core.scoring import Scoring


class CampaignError(UserError):
    """A campaign definition that cannot be used; the message is Vietnamese and names the field."""


class Deadline(Struct, frozen=True):
    id: str
    title: str
    date: date


class Criterion(Struct, frozen=True):
    id: str
    title: str
    description: str


class VoteRule(Struct, frozen=True):
    """The council's rules (its regulation; no national rule for a Giấy khen, domain §2.1)."""

    threshold: Fraction  # share of the members (of_present: of those taking part) voting for
    threshold_strict: bool  # True: more than; False: at least
    quorum: Fraction  # share of members that must take part (e.g. 2/3, or 4/5 for awards)
    quorum_strict: bool
    of_present: bool = False  # the threshold counts those taking part, not all members
    written_opinions: bool = False  # an absent member's written opinion takes part (and votes)
    secret_ballot: bool = False  # how a new meeting votes unless the secretary changes it


class Campaign(Struct, frozen=True):
    code: str
    name: str
    legal_regime: str
    award_title: str
    period_start: date
    period_end: date
    deadlines: tuple[Deadline, ...]
    criteria: tuple[Criterion, ...]
    window_start: date
    window_end: date
    rating_years: tuple[int, ...]
    rating_scale: tuple[str, ...]
    rating_floor: str
    resolution_rate_min: Fraction
    counted_types: frozenset[PetitionType]  # petition types counted in the resolution rate
    leader_reception_minimum: tuple[int, str]  # (days, "week" | "month") of periodic reception
    require_no_pending_declaration: bool
    quota_per_unit: int
    printed_copies: int  # of each document: signed, stamped and sent
    quota_kinds: tuple[str, ...]
    inspectorate_quota: tuple[int, int]  # (collectives, individuals) chosen across all units
    vote: VoteRule
    definition: dict[str, Any]  # the full source, kept for cloning and later issues
    scoring: Scoring | None = None  # a campaign that ranks by points (core.scoring)

    def deadline(self, deadline_id: str) -> Deadline | None:
        return next((d for d in self.deadlines if d.id == deadline_id), None)

    def rating_rank(self, rating: str) -> int | None:
        """0 = best. None for a value not on the campaign's scale."""
        try:
            return self.rating_scale.index(rating)
        except ValueError:
            return None


def _get(data: dict[str, Any], path: str) -> Any:
    node: Any = data
    for key in path.split("."):
        if not isinstance(node, dict) or key not in node:
            raise CampaignError(f"Đợt thi đua thiếu mục “{path}”.")
        node = node[key]
    return node


def _date(data: dict[str, Any], path: str) -> date:
    value = _get(data, path)
    try:
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        raise CampaignError(
            f"Mục “{path}” của đợt thi đua không phải ngày hợp lệ (YYYY-MM-DD): {value!r}."
        ) from None


def _fraction(data: dict[str, Any], path: str) -> Fraction:
    value = _get(data, path)
    try:
        result = Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        raise CampaignError(f"Mục “{path}” của đợt thi đua không phải số: {value!r}.") from None
    if result < 0:
        raise CampaignError(f"Mục “{path}” của đợt thi đua không được âm.")
    return result


def _petition_types(data: dict[str, Any], path: str) -> frozenset[PetitionType]:
    types = set()
    for label in _get(data, path):
        try:
            parsed = PETITION_TYPES.parse(str(label))
        except ValueError as exc:
            raise CampaignError(f"Mục “{path}” của đợt thi đua: {exc}") from None
        if parsed is not None:
            types.add(parsed)
    if not types:
        raise CampaignError(f"Mục “{path}” của đợt thi đua phải có ít nhất một loại đơn.")
    return frozenset(types)


def _flag(data: dict[str, Any], path: str) -> bool:
    """An optional true/false setting (false when absent: campaigns made before it)."""
    value = value_at(data, path)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise CampaignError(f"Mục “{path}” của đợt thi đua phải là true hoặc false: {value!r}.")
    return value


def _count(data: dict[str, Any], path: str) -> int:
    value = _get(data, path)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise CampaignError(f"Mục “{path}” của đợt thi đua phải là số nguyên không âm: {value!r}.")
    return value


def _leader_minimum(data: dict[str, Any]) -> tuple[int, str]:
    days = _get(data, "reception.leader_periodic_minimum_days")
    per = _get(data, "reception.leader_periodic_per")
    if not isinstance(days, int) or days < 0 or per not in ("week", "month"):
        raise CampaignError(
            "Mục “reception” của đợt thi đua: số ngày phải là số nguyên không âm, "
            "“leader_periodic_per” là “week” hoặc “month”."
        )
    return days, per


def campaign_from_dict(data: dict[str, Any]) -> Campaign:
    """Validate and build a campaign; every problem is reported in Vietnamese with its field."""
    scale = tuple(_get(data, "eligibility.rating_scale"))
    floor = _get(data, "eligibility.rating_floor")
    if floor not in scale:
        raise CampaignError(
            f"Mức xếp loại tối thiểu “{floor}” không có trong thang xếp loại của đợt thi đua."
        )
    period_start, period_end = _date(data, "period.start"), _date(data, "period.end")
    if period_end < period_start:
        raise CampaignError("Ngày kết thúc đợt thi đua đứng trước ngày bắt đầu.")
    window_start = _date(data, "eligibility.window_start")
    window_end = _date(data, "eligibility.window_end")
    if window_end < window_start:
        raise CampaignError("Giai đoạn xét (eligibility.window_end) đứng trước ngày bắt đầu.")
    deadlines = tuple(
        Deadline(str(_get(d, "id")), str(_get(d, "title")), _date(d, "date"))
        for d in data.get("deadlines", [])
    )
    criteria = tuple(
        Criterion(str(_get(c, "id")), str(_get(c, "title")), str(c.get("description", "")))
        for c in _get(data, "criteria")
    )
    quota = int(_get(data, "quota.per_unit"))
    if quota < 1:
        raise CampaignError("Chỉ tiêu mỗi đơn vị (quota.per_unit) phải từ 1 trở lên.")
    chosen = tuple(
        _count(data, f"quota.inspectorate_{kind}") for kind in ("collectives", "individuals")
    )
    copies = _get(data, "dossier.printed_copies")
    if not isinstance(copies, int) or not 1 <= copies <= 10:
        raise CampaignError("Số bản in mỗi văn bản (dossier.printed_copies) phải từ 1 đến 10.")
    return Campaign(
        code=str(_get(data, "code")),
        name=str(_get(data, "name")),
        legal_regime=str(_get(data, "legal_regime")),
        award_title=str(_get(data, "award_title")),
        period_start=period_start,
        period_end=period_end,
        deadlines=deadlines,
        criteria=criteria,
        window_start=window_start,
        window_end=window_end,
        rating_years=tuple(int(y) for y in _get(data, "eligibility.rating_years")),
        rating_scale=scale,
        rating_floor=floor,
        resolution_rate_min=_fraction(data, "eligibility.resolution_rate_min"),
        counted_types=_petition_types(data, "eligibility.counted_petition_types"),
        leader_reception_minimum=_leader_minimum(data),
        require_no_pending_declaration=bool(
            _get(data, "eligibility.require_no_pending_declaration")
        ),
        quota_per_unit=quota,
        printed_copies=copies,
        quota_kinds=tuple(_get(data, "quota.per_unit_kinds")),
        inspectorate_quota=(chosen[0], chosen[1]),
        vote=VoteRule(
            threshold=_fraction(data, "vote.threshold"),
            threshold_strict=bool(_get(data, "vote.threshold_strict")),
            quorum=_fraction(data, "vote.quorum"),
            quorum_strict=bool(_get(data, "vote.quorum_strict")),
            of_present=_flag(data, "vote.of_present"),
            written_opinions=_flag(data, "vote.written_opinions"),
            secret_ballot=_flag(data, "vote.secret_ballot"),
        ),
        definition=copy.deepcopy(data),
        scoring=_scoring(data),
    )


def _scoring(data: dict[str, Any]) -> Scoring | None:
    if "scoring" not in data:
        return None
    from app.core.scoring import scoring_from_dict  # most campaigns have none: not at start-up

    return scoring_from_dict(data["scoring"])


def with_value(definition: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy of `definition` with `path` ("period.start", "deadlines.0.date") set to `value`,
    checked as a whole campaign: CampaignError says what is wrong with it."""
    changed = copy.deepcopy(definition)
    _store(changed, path, value)
    campaign_from_dict(changed)
    return changed


def clone_definition(
    source: dict[str, Any],
    *,
    code: str,
    name: str,
    year_shift: int = 0,
    legal_regime: str | None = None,
    bodies: dict[str, str] | None = None,
    bases: list[str] | None = None,
    council: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A new campaign's definition from an old one, its dates moved by whole years, under
    the same legal regime unless another is named. Under another regime, `bodies` gives each
    of BODY_FIELDS the source has (its old value is replaced wherever it is written, deadline
    titles included) and `bases` the campaign's own "Căn cứ" lines (the regime prints its
    statutory ones): nothing of the old bodies or the old decree is copied silently. A source
    without council rules of its own (a template) takes the `council` rules of the regime it
    enters (Regime.council); a campaign's own rules stay, as its council adopted them."""
    clone = copy.deepcopy(source)
    clone["code"], clone["name"] = checked_code(code), checked_name(name)
    regime = legal_regime or str(source.get("legal_regime", ""))
    if regime != source.get("legal_regime") or "template" in source:
        clone = _rehomed(clone, regime, bodies or {}, bases or [])
        if "vote" not in clone:  # a template's council follows its regime
            clone["vote"] = dict(council or {})
    elif any(value for value in (bodies or {}).values()) or any(bases or []):
        raise CampaignError(
            "Tên cơ quan và căn cứ chỉ khai lại khi đổi chế độ pháp lý hoặc tạo đợt từ mẫu; "
            "đợt nhân bản cùng chế độ giữ của đợt gốc (sửa sau ở trang Đơn vị & đợt thi đua)."
        )
    if "template" in source:  # a campaign made from a template: its settings are suggestions
        del clone["template"]
        clone["unconfirmed"] = clone.pop("to_confirm", [])
    if not -MAX_YEAR_SHIFT <= year_shift <= MAX_YEAR_SHIFT:
        raise CampaignError(
            f"Dời ngày {year_shift} năm là quá xa: chỉ dời từ −{MAX_YEAR_SHIFT} đến "
            f"{MAX_YEAR_SHIFT} năm."
        )
    if year_shift:
        _shift_years(clone, year_shift)
    campaign_from_dict(clone)  # refuse to produce an unusable campaign
    return clone


MAX_YEAR_SHIFT = 50
_CODE = re.compile(r"[a-z0-9][a-z0-9._-]{0,39}")
CODE_HINT = "chữ thường không dấu, số và dấu gạch nối, ví dụ tcd-2026"  # what a code field says


def checked_code(code: str) -> str:
    """A campaign's code as the user typed it, refused unless a short ASCII name: it names the
    campaign in packages and file names, where spaces, capitals and accents break things."""
    code = code.strip()
    if not _CODE.fullmatch(code):
        raise CampaignError(
            f"Mã đợt “{code}” không dùng được: chỉ gồm chữ thường không dấu, số, dấu chấm, gạch "
            "nối hoặc gạch dưới, tối đa 40 ký tự, ví dụ tcd-2026."
        )
    return code


def checked_name(name: str) -> str:
    name = " ".join(nfc(name).split())
    if not name:
        raise CampaignError("Đợt thi đua mới cần có tên.")
    return name


def _rehomed(
    clone: dict[str, Any], regime: str, bodies: dict[str, str], bases: list[str]
) -> dict[str, Any]:  # messages name no regime id: the user knows regimes by their decree
    held = {path: value_at(clone, path) for path in BODY_FIELDS}
    held = {path: value for path, value in held.items() if isinstance(value, str) and value}
    missing = [BODY_FIELDS[p] for p in held if not bodies.get(p, "").strip()]
    if missing:
        raise CampaignError(
            "Đợt mới theo chế độ pháp lý khác hoặc từ mẫu cần khai lại tên các cơ quan (không "
            "chép từ đợt cũ hay từ mẫu): " + ", ".join(missing) + "."
        )
    unfinished = [BODY_FIELDS[p] for p in held if _unfinished(bodies[p])]
    unfinished += ["tên đợt thi đua"] if _unfinished(clone["name"]) else []
    # a body the source does not name but the user gives is the new campaign's too
    added = [
        p for p, value in bodies.items() if p in BODY_FIELDS and value.strip() and p not in held
    ]
    unfinished += [BODY_FIELDS[p] for p in added if _unfinished(bodies[p])]
    if unfinished:
        raise CampaignError("Hãy thay “…” bằng tên cụ thể trong: " + ", ".join(unfinished) + ".")
    unfinished_bases = [line for line in bases if _unfinished(line)]
    if unfinished_bases:
        raise CampaignError(
            "Hãy thay “…” bằng số, ngày, tên cụ thể trong căn cứ: " + "; ".join(unfinished_bases)
        )
    if not [line for line in bases if line.strip()]:
        raise CampaignError(
            "Đợt mới theo chế độ pháp lý khác hoặc từ mẫu cần các căn cứ riêng của đợt (kế hoạch "
            "phát động, quy định của tỉnh); các căn cứ luật, nghị định do chế độ in sẵn."
        )
    # the longest old name first: "Giấy khen của Chủ tịch UBND thành phố" before "Chủ tịch …"
    renames = sorted(((held[p], bodies[p].strip()) for p in held), key=lambda r: -len(r[0]))
    clone = _renamed(clone, renames)
    for path in (*held, *added):
        _store(clone, path, bodies[path].strip())
    clone["legal_regime"] = regime
    clone["legal_bases"] = [line.strip() for line in bases if line.strip()]
    return clone


def stale_names(source: dict[str, Any], clone: dict[str, Any]) -> list[str]:
    """The texts of `clone` (outside BODY_FIELDS) that still name part of a body the source
    named and the clone no longer does ("(qua Phòng Nội vụ)" in a deadline's title once the
    Phòng Nội vụ thành phố is gone): two words in a row of an old name, not in any new one."""

    def pairs(text: str) -> set[str]:
        words = nfc(text).casefold().split()
        return {f"{a} {b}" for a, b in pairwise(words)}

    old = set().union(*(pairs(str(value_at(source, p) or "")) for p in BODY_FIELDS))
    new = set().union(*(pairs(str(value_at(clone, p) or "")) for p in BODY_FIELDS))
    gone = old - new
    found = []
    for where, text in _texts(clone):
        if where not in BODY_FIELDS and where != "legal_bases" and pairs(text) & gone:
            found.append(text)
    return found


def _unfinished(text: str) -> bool:
    """A template's "…" (or "..." typed for it) still standing for a name, number or date."""
    return "…" in text or "..." in text


def placeholders_left(definition: dict[str, Any]) -> list[str]:
    """The texts that still hold a template's "…" (a name, number or date to give)."""
    return [text for where, text in _texts(definition)
            if _unfinished(text) and where != "unconfirmed"]  # fmt: skip


def stale_note(stale: list[str]) -> str | None:
    """What the user is told to review after a clone, or None."""
    if not stale:
        return None
    quoted = "; ".join(f"“{text}”" for text in stale)
    return f"Hãy xem lại và sửa ở trang Đơn vị & đợt thi đua: {quoted}."


def _texts(node: Any, path: str = "") -> list[tuple[str, str]]:
    """(path, text) of every string under `node`; a list's items share the list's path."""
    if isinstance(node, dict):
        return [t for key, value in node.items()
                for t in _texts(value, f"{path}.{key}" if path else key)]  # fmt: skip
    if isinstance(node, list):
        return [t for item in node for t in _texts(item, path)]
    return [(path, node)] if isinstance(node, str) else []


def value_at(definition: dict[str, Any], path: str, default: Any = None) -> Any:
    """The value at `path` ("recipients.via", "deadlines.0.date": a number indexes a list);
    `default` where the campaign has none (one made before the setting existed)."""
    node: Any = definition
    for key in path.split("."):
        if isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        elif isinstance(node, dict) and key in node:
            node = node[key]
        else:
            return default
    return node


def _store(definition: dict[str, Any], path: str, value: Any) -> None:
    """Set `path` ("recipients.via", "deadlines.0.date": a number indexes a list)."""
    *parents, last = path.split(".")
    node: Any = definition
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node.setdefault(key, {})
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value


def _renamed(node: Any, renames: list[tuple[str, str]]) -> Any:
    """Every string under `node` with each old body's name replaced by its new one."""
    if isinstance(node, dict):
        return {key: _renamed(value, renames) for key, value in node.items()}
    if isinstance(node, list):
        return [_renamed(item, renames) for item in node]
    if isinstance(node, str):
        for old, new in renames:
            node = node.replace(old, new)
    return node


def _shift_years(node: Any, years: int) -> Any:
    if isinstance(node, dict):
        for key, value in node.items():
            node[key] = _shift_years(value, years)
            if key == "rating_years":
                node[key] = [int(y) + years for y in value]
        return node
    if isinstance(node, list):
        return [_shift_years(item, years) for item in node]
    if isinstance(node, str) and len(node) == 10:
        try:
            day = date.fromisoformat(node)
        except ValueError:
            return node
        # 29 February has no twin in most years: fall back to the 28th.
        shifted_day = min(day.day, 28) if (day.month, day.day) == (2, 29) else day.day
        return day.replace(year=day.year + years, day=shifted_day).isoformat()
    return node
