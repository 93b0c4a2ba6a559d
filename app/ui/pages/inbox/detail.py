"""One nominee of the inbox: what the unit's package says (figures, votes, its own eligibility
check, the build's warnings, the summary as printed), the appraisal with its reason, and the
place on the shortlist. Every text from a package is shown as plain text, never as markup."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.campaign import Campaign
from app.core.eligibility import Status
from app.core.inbox import Appraisal, InboxError, InboxNominee, checked_adjustment
from app.core.scoring import format_points, most_text, shown_points
from app.services.inbox import accept_late, appraise, refuse_late, shortlist
from app.store.database import Store
from app.store.inbox import set_score_adjustment
from app.ui.models.rows import STATUS_COLOURS
from app.ui.widgets import ComboBox, button_row, error_label

CHOICES = (None, Appraisal.PASS, Appraisal.FAIL, Appraisal.MORE)


class NomineeDetail(QWidget):
    changed = Signal(int)  # the nominee whose appraisal or place changed
    documents_requested = Signal(int)  # the inbox package whose documents to show

    def __init__(self) -> None:
        super().__init__()
        self.store: Store | None = None
        self.campaign: Campaign | None = None
        self.nominee: InboxNominee | None = None
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        self.facts = QLabel()
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.documents = QPushButton("Xem văn bản trong gói")
        self.result = ComboBox()
        self.result.addItems([c.label if c else "Chưa thẩm định" for c in CHOICES])
        self.result.setAccessibleName("Kết quả thẩm định")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("bắt buộc khi không đạt hoặc yêu cầu bổ sung")
        self.reason.setAccessibleName("Lý do")
        self.save = QPushButton("Ghi kết quả thẩm định")
        self.choose = QPushButton()
        self.late = QPushButton()
        self.late.setToolTip(
            "Theo kế hoạch, hồ sơ nộp sau hạn coi như không đề nghị: chỉ chọn được đối tượng "
            "của gói nộp muộn khi Thanh tra chấp nhận và ghi lý do"
        )
        self.adjust = QPushButton("Điều chỉnh điểm…")
        self.adjust.setToolTip(
            "Cho điểm một tiêu chí khác với điểm tính lại từ gói, ghi lý do (ví dụ minh chứng "
            "không đủ); để trống số điểm thì trở lại điểm tính từ gói"
        )
        self.error = error_label(hidden=True)
        appraisal = QGroupBox("Thẩm định")
        form = QFormLayout(appraisal)
        form.addRow("Kết quả", self.result)
        form.addRow("Lý do", self.reason)
        form.addRow(button_row(self.save, self.choose))
        form.addRow(button_row(self.late, self.adjust))
        form.addRow(self.error)
        appraisal.setMinimumWidth(420)
        about = QVBoxLayout()
        about.addWidget(self.title)
        about.addWidget(self.facts)
        about.addLayout(button_row(self.documents))
        about.addStretch()
        layout = QHBoxLayout(self)  # below the table, which needs the window's full width
        layout.addLayout(about, 3)
        layout.addWidget(appraisal, 2, Qt.AlignmentFlag.AlignTop)
        self.save.clicked.connect(self.record)
        self.reason.returnPressed.connect(self.record)
        self.choose.clicked.connect(self.toggle_shortlist)
        self.late.clicked.connect(self.toggle_late)
        self.adjust.clicked.connect(self.ask_adjustment)
        self.documents.clicked.connect(
            lambda: self.nominee and self.documents_requested.emit(self.nominee.package)
        )
        self.show_nominee(None)

    def bind(self, store: Store, campaign: Campaign | None) -> None:
        self.store, self.campaign = store, campaign

    def show_nominee(self, nominee: InboxNominee | None) -> None:
        self.nominee = nominee
        self.error.hide()
        for widget in (self.result, self.reason, self.save, self.choose, self.documents):
            widget.setEnabled(nominee is not None)
        self.late.setVisible(nominee is not None and nominee.late)
        self.adjust.setVisible(nominee is not None and nominee.scored is not None)
        if nominee is not None:
            accepted = bool(nominee.late_accepted)
            self.late.setText("Bỏ chấp nhận nộp muộn" if accepted else "Chấp nhận nộp muộn…")
        if nominee is None:
            self.title.setText("Chọn một dòng trong bảng để xem và thẩm định.")
            self.facts.clear()
            self.choose.setText("Chọn vào danh sách đề nghị")
            return
        self.title.setText(
            f"<b>{escape(nominee.name)}</b> — {nominee.kind_label.lower()}, {escape(nominee.unit)}"
        )
        self.facts.setText(_facts(nominee))
        self.result.setCurrentIndex(CHOICES.index(nominee.appraisal))
        self.reason.setText(nominee.appraisal_reason)
        self.choose.setText(
            "Bỏ khỏi danh sách đề nghị" if nominee.shortlisted else "Chọn vào danh sách đề nghị"
        )

    def _refuse(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def record(self) -> None:
        if self.nominee is None or self.store is None:
            return
        status = CHOICES[self.result.currentIndex()]
        try:
            with self.store.user_errors():
                appraise(self.store.db, self.nominee.id, status, self.reason.text())
        except InboxError as exc:
            self._refuse(str(exc))
            return
        self.changed.emit(self.nominee.id)

    def toggle_shortlist(self) -> None:
        if self.nominee is None or self.store is None or self.campaign is None:
            return
        try:
            with self.store.user_errors():
                shortlist(self.store.db, self.nominee.id, self.campaign,
                          chosen=not self.nominee.shortlisted)  # fmt: skip
        except InboxError as exc:
            self._refuse(str(exc))
            return
        self.changed.emit(self.nominee.id)

    def ask_adjustment(self) -> None:
        """The appraiser's points for one criterion, with the reason (empty: none)."""
        nominee = self.nominee
        if nominee is None or nominee.scored is None:
            return
        lines = nominee.scored.sheet.lines
        titles = [f"{line.criterion.title} (tính từ gói: {format_points(line.points + line.bonus)})"
                  for line in lines]  # fmt: skip
        title, ok = QInputDialog.getItem(self, "Điều chỉnh điểm", "Tiêu chí:", titles, 0, False)
        if not ok:
            return
        line = lines[titles.index(title)]
        points, ok = QInputDialog.getText(
            self, "Điều chỉnh điểm",
            f"Điểm cho “{line.criterion.title}” ({most_text(line.criterion)}; để trống để bỏ "
            "điều chỉnh):",
            text=format_points(line.adjustment) if line.adjustment is not None else "",
        )  # fmt: skip
        if not ok:
            return
        reason = ""
        if points.strip():
            reason, ok = QInputDialog.getText(self, "Điều chỉnh điểm", "Lý do điều chỉnh:",
                                              text=line.reason)  # fmt: skip
            if not ok:
                return
        self.adjust_score(line.criterion.id, points, reason)

    def adjust_score(self, criterion: str, points: str, reason: str) -> None:
        nominee, store = self.nominee, self.store
        if nominee is None or store is None:
            return
        try:
            adjusted = checked_adjustment(nominee, criterion, points, reason)
            with store.user_errors():
                set_score_adjustment(store.db, nominee.id, criterion, adjusted)
        except (InboxError, ValueError) as exc:
            self._refuse(str(exc))
            return
        self.changed.emit(nominee.id)

    def toggle_late(self) -> None:
        """Accept the nominee's late package with a reason, or take the acceptance back."""
        nominee, store = self.nominee, self.store
        if nominee is None or store is None:
            return
        reason = None
        if not nominee.late_accepted:
            reason, ok = QInputDialog.getText(
                self,
                "Chấp nhận hồ sơ nộp muộn",
                f"Gói của {nominee.unit} nộp sau hạn của đợt thi đua. Theo kế hoạch, hồ sơ nộp "
                "muộn coi như không đề nghị; chấp nhận thì các đối tượng của gói được xét chọn."
                "\n\nLý do chấp nhận (lưu lại và in ở cột Ghi chú của danh sách tổng hợp):",
            )
            if not ok:
                return
        try:
            with store.user_errors():
                if reason is None:
                    refuse_late(store.db, nominee.package)
                else:
                    accept_late(store.db, nominee.package, reason)
        except InboxError as exc:
            self._refuse(str(exc))
            return
        self.changed.emit(nominee.id)


def _facts(n: InboxNominee) -> str:
    lines = [
        f"Tỷ lệ giải quyết đơn: <b>{n.rate_text}</b>"
        + (f" ({n.resolved}/{n.cases} vụ việc)" if n.cases else ""),
        f"Số phiếu tại họp xét của đơn vị: <b>{n.votes_text}</b>",
        f"Điều kiện (ứng dụng của đơn vị tự kiểm tra): <b>{n.eligibility.label}</b>",
    ]
    lines += [f"&nbsp;&nbsp;• {escape(r)}" for r in n.eligibility_reasons]
    if not n.late:
        lines.append("Nộp: đúng hạn")
    elif n.late_accepted:
        lines.append(f"Nộp: <b>muộn</b> so với hạn; Thanh tra chấp nhận: {escape(n.late_accepted)}")
    else:
        lines.append("Nộp: <b>muộn</b> so với hạn, chưa được chấp nhận: không được chọn")
    if n.warnings:
        lines.append("Cảnh báo khi đơn vị lập hồ sơ:")
        lines += [f"&nbsp;&nbsp;• {escape(w)}" for w in n.warnings]
    if n.scored is not None:
        lines += _score_facts(n)
    summary = str(n.printed.get("tom_tat") or "").strip()
    if summary:
        lines.append(f"Tóm tắt thành tích: {escape(summary)}")
    return "<br>".join(lines)


def _score_facts(n: InboxNominee) -> list[str]:
    """The score recomputed from the package, each criterion's points, and where the unit's
    own parts from it."""
    assert n.scored is not None
    sheet, own = n.scored.sheet, n.scored.claimed_total
    said = f" (đơn vị tự chấm {format_points(own)})" if own is not None else ""
    lines = [f"Điểm tính lại từ gói: <b>{format_points(sheet.total)}</b>/"
             f"{format_points(sheet.most)}{said}"]  # fmt: skip
    for line in sheet.lines:
        text = f"&nbsp;&nbsp;• {escape(line.criterion.title)}: {escape(shown_points(line))}"
        if line.adjustment is not None:
            text += f" — lý do: {escape(line.reason)}"
        lines.append(text)
    if n.scored.differences:
        colour = STATUS_COLOURS[Status.FAIL]
        lines.append(f"<span style='color:{colour}'>Khác với điểm đơn vị tự chấm:</span>")
        lines += [f"&nbsp;&nbsp;• {escape(d)}" for d in n.scored.differences]
    return lines
