"""Họp xét: the unit's review meeting as the secretary records it — when, where, who came,
how the council voted and the votes each candidate got — with the quorum and the threshold
counted live, and the choice of the nominee(s) refused with the reason when the rules say no.
Everything is saved as it is typed and can be undone (Ctrl+Z)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from typing import TYPE_CHECKING

from msgspec.structs import replace
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.meeting import Meeting, MeetingMember, VotingMode
from app.core.overview import Overview, build_overview, nomination_problem
from app.core.readiness import NO_VOTES
from app.core.text import clean, format_date_short, parse_date
from app.documents.regimes import load_regime
from app.store.candidates import load_candidates, nominate, withdraw_nomination
from app.store.errors import StoreError
from app.store.meeting import load_meeting, save_meeting
from app.store.people import list_people
from app.ui.autosave import AutosavedField, SavedChange
from app.ui.background_figures import count_rate
from app.ui.context import PageContext
from app.ui.models.candidates import VoteRow, VotesModel
from app.ui.models.records import Column, RecordTableModel
from app.ui.pages import Page
from app.ui.widgets import ChoiceBox, NaturalHeight, error_label, scrolling

if TYPE_CHECKING:
    from app.services.dossier_check import Rate

MODES = {mode.label: mode for mode in VotingMode}
OUTSIDER = "Người ngoài đơn vị (nhập tên)…"
# (attribute, label, kind): kind says how it is typed — text, when, count, ballots, mode
FIELDS = (
    ("started_at", "Bắt đầu (ngày giờ)", "when"),
    ("ended_at", "Kết thúc (ngày giờ)", "when"),
    ("place", "Địa điểm", "text"),
    ("chair_name", "Chủ trì", "member"),
    ("secretary_name", "Thư ký", "member"),
    ("total_members", "Tổng số thành viên theo quyết định thành lập", "count"),
    ("voting_mode", "Hình thức biểu quyết", "mode"),
    ("ballots_issued", "Số phiếu phát ra (bỏ phiếu kín)", "ballots"),
    ("ballots_returned", "Số phiếu thu vào", "ballots"),
    ("ballots_valid", "Số phiếu hợp lệ", "ballots"),
    ("ballots_invalid", "Số phiếu không hợp lệ", "ballots"),
)


def shown(value: object, kind: str) -> str:
    if value is None:
        return ""
    if kind == "when":
        assert isinstance(value, datetime)
        return f"{format_date_short(value.date())} {value:%H:%M}"
    if kind == "mode":
        assert isinstance(value, VotingMode)
        return value.label
    return str(value)


def parsed(text: str, kind: str) -> object:
    """What was typed, as the meeting stores it; ValueError says why it cannot be."""
    text = clean(text)
    if kind in ("text", "member"):
        return text
    if kind == "mode":
        return MODES[text]
    if not text:
        if kind == "count":
            raise ValueError("Không được để trống.")
        return None
    if kind == "when":
        day_text, _, time_text = text.partition(" ")
        day = parse_date(day_text)
        try:
            hour, minute = (int(x) for x in (time_text or "").replace("h", ":").split(":"))
            return datetime(day.year, day.month, day.day, hour, minute)  # type: ignore[union-attr]
        except ValueError:
            raise ValueError(f"“{text}” cần có giờ, dạng 03/11/2025 08:00.") from None
    if not text.isdigit():
        raise ValueError(f"“{text}” không phải số nguyên.")
    return int(text)


def _member_name(text: str) -> str:
    name = clean(text)
    if not name:
        raise ValueError("không được để trống (muốn bỏ thành viên, bấm “Bỏ thành viên đang chọn”).")
    return name


MEMBER_COLUMNS = (
    Column("Họ và tên", "name", parse=_member_name),
    Column("Vai trò trong Hội đồng", "role", parse=clean),
    Column("Có mặt", "present", show=lambda v: "Có mặt" if v else "Vắng", checkable=True),
    Column("Lý do vắng", "absence_reason", parse=clean),
    Column("Ý kiến bằng văn bản", "written_opinion", parse=clean),
    Column("Ban kiểm phiếu", "ballot_role", parse=clean),
)


class MeetingPage(Page):
    def __init__(self, today: Callable[[], date]) -> None:
        super().__init__(today)
        self.meeting: Meeting | None = None
        self.overview: Overview | None = None
        self.rate: Rate | None = None  # the unit's rate (from declared totals?); None: counting
        self.fields: dict[str, AutosavedField] = {}
        self.status = error_label()

        self.create_button = QPushButton("Lập biên bản họp xét")
        self.create_button.clicked.connect(self.create_meeting)
        self.details = QGroupBox("Cuộc họp")
        self.details.setMaximumWidth(960)
        form = QFormLayout(self.details)
        self.edits: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        for attribute, label, kind in FIELDS:
            edit = (
                ChoiceBox(list(MODES)) if kind == "mode"
                else ChoiceBox([], editable=True) if kind == "member"  # a member, or typed
                else QLineEdit()
            )  # fmt: skip
            if kind == "when":
                edit.setPlaceholderText("03/11/2025 08:00")
                edit.setMaximumWidth(200)
            elif kind in ("count", "ballots"):
                edit.setMaximumWidth(120)
            edit.setAccessibleName(label)
            self.edits[attribute], self.errors[attribute] = edit, error_label(hidden=True)
            form.addRow(label, edit)
            form.addRow("", self.errors[attribute])

        self.members = RecordTableModel(
            MEMBER_COLUMNS, lambda: MeetingMember(name="Thành viên mới")
        )
        self.members_view = QTableView()
        self.members_view.setModel(self.members)
        self.members_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.members.edited.connect(self._members_edited)
        # said under the members, where the name was typed (the page's status line is far
        # below, off a 768-pixel screen)
        self.members_error = error_label(hidden=True)
        self.members.rejected.connect(self._refuse_member)
        self.members.edited.connect(self.members_error.hide)
        add = QPushButton("Thêm thành viên…")
        add.setToolTip("Chọn trong danh sách cán bộ của đơn vị, hoặc nhập tên người ngoài đơn vị")
        add.clicked.connect(self.add_member)
        remove = QPushButton("Bỏ thành viên đang chọn")
        remove.clicked.connect(
            lambda: self.members.remove_row(self.members_view.currentIndex().row())
        )
        members_box = QGroupBox("Thành viên Hội đồng")
        members_layout = QVBoxLayout(members_box)
        members_layout.addWidget(self.members_view)
        members_layout.addWidget(self.members_error)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        members_layout.addLayout(buttons)

        self.votes = VotesModel()
        self.votes_view = QTableView()
        self.votes_view.setModel(self.votes)
        self.votes_view.horizontalHeader().setSectionResizeMode(
            VotesModel.NAME, QHeaderView.ResizeMode.Stretch
        )
        self.votes.votes_typed.connect(self._votes_typed)
        self.votes.nomination_ticked.connect(self._nomination_ticked)
        self.votes.rejected.connect(self._refuse)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        votes_box = QGroupBox("Kết quả biểu quyết và đối tượng đề nghị")
        votes_layout = QVBoxLayout(votes_box)
        votes_layout.addWidget(self.summary)
        votes_layout.addWidget(self.votes_view)
        votes_layout.addWidget(self.status)  # a refusal shows beside the tick that caused it

        content = NaturalHeight()
        column = QVBoxLayout(content)
        for widget in (self.create_button, self.details, members_box, votes_box):
            column.addWidget(widget)
        column.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scrolling(content))

    # --- showing -----------------------------------------------------------------------

    def show_context(self, context: PageContext) -> None:
        if self.context is None or self.context.store is not context.store:
            self._bind(context)
        self.context = context
        self.reload()

    def _bind(self, context: PageContext) -> None:
        for binding in self.fields.values():
            binding.deleteLater()
        self.fields = {
            attribute: AutosavedField(
                self.edits[attribute],
                label,
                partial(self._write_field, attribute, kind),
                context.undo_stack,
                partial(_problem, kind),
                self.errors[attribute],
            )
            for attribute, label, kind in FIELDS
        }
        for binding in self.fields.values():
            binding.saved.connect(self._saved)

    def reload(self) -> None:
        context = self.context
        assert context is not None
        organisation, campaign_id = context.organisation, context.campaign_id
        if organisation is None or campaign_id is None or context.campaign is None:
            self.meeting = None
        else:
            self.meeting = load_meeting(context.store.db, campaign_id, organisation.id)
        has_meeting = self.meeting is not None
        self.create_button.setVisible(not has_meeting and organisation is not None)
        for widget in (self.details, self.members_view, self.votes_view):
            widget.setEnabled(has_meeting)
        if self.meeting is None:
            self.members.set_rows([])
            self.votes.update_rows([])
            self.summary.setText("Chưa có biên bản họp xét cho đợt thi đua này.")
            return
        # the register does not change while the meeting is edited: its rate is counted once,
        # in the background; until it arrives no one can be proposed
        self.rate = None
        count_rate(context, self._rate_counted, owner=self)
        for attribute, _, kind in FIELDS:
            self.fields[attribute].show(shown(getattr(self.meeting, attribute), kind))
        self.members.set_rows(list(self.meeting.members))
        self._offer_members()
        self._count()

    def _offer_members(self) -> None:
        """The chair and the secretary are chosen among the members present (or typed)."""
        names = [m.name for m in self.members.rows if m.present]
        for attribute, _, kind in FIELDS:
            box = self.edits[attribute]
            if kind == "member" and isinstance(box, ChoiceBox):
                box.offer(names)

    def _rate_counted(self, rate: Rate) -> None:
        if self.meeting is not None:
            self.rate = rate
            self._count()

    def _count(self) -> None:
        """The vote counted again, with each candidate's eligibility, as Tổng quan shows it."""
        context, meeting = self.context, self.meeting
        assert context is not None and meeting is not None and context.campaign is not None
        assert context.organisation is not None and context.campaign_id is not None
        candidates = load_candidates(context.store.db, context.campaign_id)
        gates = load_regime(context.campaign.legal_regime).gates
        self.overview = build_overview(
            context.campaign, candidates, meeting, self.today(), *(self.rate or (None, False)),
            gates,
        )  # fmt: skip
        vote = self.overview.vote
        results = {r.candidate_id: r for r in vote.results} if vote else {}
        self.votes.update_rows(
            [
                VoteRow(e, meeting.votes.get(e.candidate.id), results.get(e.candidate.id))
                for e in self.overview.candidates
            ]
        )
        lines = [f"Có mặt {meeting.present}/{meeting.total_members} thành viên."]
        if self.overview.vote_problem:
            lines.append(self.overview.vote_problem)
        elif vote is not None and not vote.results:
            lines += vote.messages or [NO_VOTES]  # nothing said passed before a vote is typed
        elif vote is not None:
            lines += vote.messages or ["Đủ số lượng; các đối tượng đều đạt tỷ lệ phiếu."]
        if self.overview.meeting_date_problem:
            lines.append(self.overview.meeting_date_problem)
        lines.append(self.overview.quota.reason)
        self.summary.setText("\n".join(lines))

    # --- saving ------------------------------------------------------------------------

    def create_meeting(self) -> None:
        context = self.context
        assert context is not None and context.organisation is not None
        assert context.campaign is not None
        secret = context.campaign.vote.secret_ballot  # the council's usual way, changeable
        mode = VotingMode.SECRET_BALLOT if secret else VotingMode.SHOW_OF_HANDS
        empty = Meeting(None, None, None, "", "", "", 0, mode)
        if self._save(empty) is not None:
            self.reload()

    def _save(self, meeting: Meeting) -> Meeting | None:
        """Store `meeting`; None (and the reason shown) when the disk or file refused."""
        context = self.context
        assert context is not None and context.organisation is not None
        assert context.campaign_id is not None
        try:
            with context.store.user_errors():
                meeting_id = save_meeting(
                    context.store.db, context.campaign_id, context.organisation.id, meeting
                )
        except StoreError as exc:
            self.status.setText(f"Chưa lưu — {exc}")
            return None
        return replace(meeting, id=meeting_id)

    def store_meeting(self, meeting: Meeting) -> None:
        """Undo and redo of the members or the votes."""
        if self._save(meeting) is not None:
            self.reload()
            self.data_changed.emit()

    def _write_field(self, attribute: str, kind: str, text: str) -> None:
        assert self.meeting is not None and self.context is not None
        changed = replace(self.meeting, **{attribute: parsed(text, kind)})
        with self.context.store.user_errors():
            save_meeting(
                self.context.store.db,
                self.context.campaign_id,  # type: ignore[arg-type]
                self.context.organisation.id,  # type: ignore[union-attr]
                changed,
            )
        self.meeting = changed

    def _saved(self) -> None:
        self.status.setText("")
        self._count()
        self.data_changed.emit()

    def _change(self, text: str, changed: Meeting) -> None:
        old = self.meeting
        assert old is not None and self.context is not None
        if self._save(changed) is None:
            self.members.update_rows(list(old.members))  # the table shows what is stored
            return
        self.meeting = changed
        self.context.undo_stack.push(SavedChange(text, self.store_meeting, old, changed))
        self.status.setText("")
        self._offer_members()
        self._count()
        self.data_changed.emit()

    def add_member(self) -> None:
        """A member from the unit's staff (not yet on the council), or an outsider typed in."""
        context = self.context
        assert context is not None and context.organisation is not None
        seated = {m.person_id for m in self.members.rows}
        staff = [p for p in list_people(context.store.db, context.organisation.id)
                 if p.id not in seated]  # fmt: skip
        offered = [f"{p.full_name} — {p.position}" if p.position else p.full_name for p in staff]
        offered = [  # namesakes of one position told apart by their birth date
            f"{text} (sinh {format_date_short(p.birth_date)})"
            if offered.count(text) > 1 and p.birth_date
            else text
            for text, p in zip(offered, staff, strict=True)
        ]
        chosen, ok = QInputDialog.getItem(self, "Thêm thành viên Hội đồng", "Cán bộ của đơn vị:",
                                          [*offered, OUTSIDER], 0, False)  # fmt: skip
        if not ok:
            return
        if chosen == OUTSIDER:
            name, ok = QInputDialog.getText(self, "Thêm thành viên Hội đồng",
                                            "Họ và tên người ngoài đơn vị:")  # fmt: skip
            if ok and clean(name):
                self.members.append_row(MeetingMember(name=clean(name)))
            return
        person = staff[offered.index(chosen)]
        self.members.append_row(MeetingMember(name=person.full_name, person_id=person.id))

    def _members_edited(self) -> None:
        assert self.meeting is not None
        members = tuple(self.members.rows)
        if members != self.meeting.members:
            self._change("sửa thành viên họp", replace(self.meeting, members=members))

    def _votes_typed(self, candidate_id: int, votes: int | None) -> None:
        assert self.meeting is not None
        counted = dict(self.meeting.votes)
        if votes is None:
            counted.pop(candidate_id, None)
        else:
            counted[candidate_id] = votes
        self._change("sửa số phiếu", replace(self.meeting, votes=counted))

    def _nomination_ticked(self, candidate_id: int, wanted: bool) -> None:
        context, overview = self.context, self.overview
        assert context is not None and overview is not None and self.meeting is not None
        problem = nomination_problem(overview, candidate_id) if wanted else None
        if wanted and self.rate is None:
            problem = "Đang tính số liệu giải quyết đơn từ sổ; thử lại sau giây lát."
        if problem:
            self._refuse(problem)
            return
        try:
            with context.store.user_errors():
                if wanted:
                    nominate(
                        context.store.db, context.campaign_id, context.organisation.id,  # type: ignore[arg-type, union-attr]
                        candidate_id, self.meeting.id,
                    )  # fmt: skip
                else:
                    withdraw_nomination(context.store.db, candidate_id)
        except StoreError as exc:
            self._refuse(str(exc))
            return
        self.status.setText("")
        self._count()
        self.data_changed.emit()

    def _refuse_member(self, reason: str) -> None:
        self.members_error.setText(reason)
        self.members_error.show()

    def _refuse(self, reason: str) -> None:
        self.status.setText(reason)
        self.status.show()


def _problem(kind: str, text: str) -> str | None:
    try:
        parsed(text, kind)
    except ValueError as exc:
        return str(exc)
    return None
