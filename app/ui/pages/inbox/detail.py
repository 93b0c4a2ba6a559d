"""One nominee of the inbox: what the unit's package says (figures, votes, its own eligibility
check, the build's warnings, the summary as printed), the appraisal with its reason, and the
place on the shortlist. Every text from a package is shown as plain text, never as markup."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
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
from app.core.inbox import Appraisal, InboxError, InboxNominee
from app.services.inbox import accept_late, appraise, refuse_late, shortlist
from app.store.database import Store
from app.ui.widgets import button_row, error_label

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
        self.result = QComboBox()
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
        self.error = error_label(hidden=True)
        appraisal = QGroupBox("Thẩm định")
        form = QFormLayout(appraisal)
        form.addRow("Kết quả", self.result)
        form.addRow("Lý do", self.reason)
        form.addRow(button_row(self.save, self.choose))
        form.addRow(button_row(self.late))
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
    summary = str(n.printed.get("tom_tat") or "").strip()
    if summary:
        lines.append(f"Tóm tắt thành tích: {escape(summary)}")
    return "<br>".join(lines)
