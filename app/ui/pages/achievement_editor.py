"""The editor for one candidate's achievements: the declaration, the text under each of the
campaign's criteria with the live figures beside it (inserted as {names}, printed as the
register's current figures), and the evidence files. Text saves itself as it is typed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME, paths
from app.atomic import atomic_write
from app.core.campaign import Campaign
from app.core.entities import Candidate, GateAnswer
from app.core.evidence import KINDS
from app.core.live_values import MISSING, available, fill, token
from app.core.regime import Gate
from app.core.text import ascii_file_name
from app.documents.regimes import load_regime
from app.errors import UserError
from app.store.achievements import (
    add_attachment,
    attachment_content,
    list_attachments,
    load_achievements,
    remove_attachment,
    set_achievement,
)
from app.store.candidates import set_declaration, set_gate
from app.store.errors import StoreError, writing_to
from app.store.scores import criteria_evidenced_by
from app.ui.context import PageContext
from app.ui.fast_proxy import ID_ROLE
from app.ui.models.achievements import AttachmentsModel, PairsModel
from app.ui.pages.record_editing import Binding
from app.ui.widgets import (
    HINT_COLOUR,
    ChoiceBox,
    LinesEdit,
    NaturalHeight,
    chain_focus,
    error_label,
    explain,
    scrolling,
)

DECLARATIONS = {
    "(chưa khai)": None,
    "Có — không đang bị xem xét kỷ luật, thanh tra, khiếu nại, tố cáo": True,
    "Không — đang có vụ việc chưa xem xét xong": False,
}
# A nominee's answer on one case that bars an award (Decree 152 art. 4)
GATE_ANSWERS = {"(chưa khai)": None, "Không": False, "Có — đang xem xét": True}
EVIDENCE_FILTER = "Minh chứng (" + " ".join(f"*{s}" for k in KINDS for s in k.suffixes) + ")"


def _small(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {HINT_COLOUR};")
    return label


class AchievementEditor(QWidget):
    changed = Signal()  # something other pages show was saved (the declaration)

    def __init__(self, today: Callable[[], date]) -> None:
        super().__init__()
        self.today = today
        self.candidate: Candidate | None = None
        self.context: PageContext | None = None
        self.binding: Binding | None = None
        self.facts: dict[str, Any] = {}
        self.fields: dict[str, Any] = {}
        self.texts: dict[str, LinesEdit] = {}
        self.previews: dict[str, QLabel] = {}
        self.last_text: LinesEdit | None = None  # where "Chèn" puts a figure

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.declaration = ChoiceBox(list(DECLARATIONS))
        self.declaration.setAccessibleName("Cam kết")
        self.declaration_error = error_label(hidden=True)
        self.criteria_box = QGroupBox("Thành tích theo từng nhóm tiêu chí")
        self.criteria_layout = QVBoxLayout(self.criteria_box)
        self.criteria_ids: tuple[str, ...] = ()

        self.attachments = AttachmentsModel()
        self.attachments_view = QTableView()
        self.attachments_view.setModel(self.attachments)
        self.attachments_view.setAccessibleName("Tệp minh chứng")
        self.attachments_view.verticalHeader().setVisible(False)
        self.attachments_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.attachments_view.horizontalHeader().setSectionResizeMode(
            AttachmentsModel.NAME, QHeaderView.ResizeMode.Stretch
        )
        self.attachments_view.setMinimumHeight(120)
        self.add_evidence = QPushButton("Thêm tệp minh chứng…")
        self.open_evidence = QPushButton("Mở")
        self.remove_evidence = QPushButton("Xóa…")
        self.evidence_error = error_label(hidden=True)
        evidence_box = QGroupBox("Minh chứng (PDF, ảnh JPG/PNG, Word, Excel; tối đa 20 MB/tệp)")
        evidence_layout = QVBoxLayout(evidence_box)
        evidence_layout.addWidget(self.attachments_view)
        buttons = QHBoxLayout()
        for button in (self.add_evidence, self.open_evidence, self.remove_evidence):
            buttons.addWidget(button)
        buttons.addStretch()
        evidence_layout.addLayout(buttons)
        evidence_layout.addWidget(self.evidence_error)

        self.declaration_row = QWidget()
        declaration_form = QFormLayout(self.declaration_row)
        declaration_form.setContentsMargins(0, 0, 0, 0)
        declaration_form.addRow("Cam kết", self.declaration)
        declaration_form.addRow("", self.declaration_error)
        # under a regime with gates (Decree 152 art. 4), one answer and a note for each
        self.gates_box = QGroupBox("Đối tượng có đang vướng việc nào sau đây không?")
        self.gates_form = QFormLayout(self.gates_box)
        self.gate_ids: tuple[str, ...] = ()
        self.gate_answers: dict[str, ChoiceBox] = {}
        self.gate_notes: dict[str, QLineEdit] = {}
        column = NaturalHeight()
        column_layout = QVBoxLayout(column)
        column_layout.addWidget(self.title)
        column_layout.addWidget(self.declaration_row)
        column_layout.addWidget(self.gates_box)
        column_layout.addWidget(self.criteria_box)
        column_layout.addWidget(evidence_box)
        column_layout.addStretch()

        self.figures = PairsModel(("Số liệu", "Giá trị hiện tại"))
        self.figures_view = QTableView()
        self.figures_view.setModel(self.figures)
        self.figures_view.setAccessibleName("Số liệu từ sổ")
        self.figures_view.verticalHeader().setVisible(False)
        self.figures_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.figures_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.figures_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.figures_note = _small()
        self.insert_button = QPushButton("Chèn vào đoạn đang soạn")
        explain(
            self.insert_button,
            "Đặt tên số liệu đang chọn, ví dụ {Tỷ lệ giải quyết}, vào chỗ "
            "con trỏ: khi lập hồ sơ tên được thay bằng con số đúng lúc đó, không gõ lại tay.",
        )
        figures_panel = QGroupBox("Số liệu từ sổ (tự cập nhật)")
        figures_layout = QVBoxLayout(figures_panel)
        figures_layout.addWidget(self.figures_note)
        figures_layout.addWidget(self.figures_view)
        figures_layout.addWidget(self.insert_button)

        splitter = QSplitter()
        splitter.addWidget(scrolling(column))
        splitter.addWidget(figures_panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([620, 300])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self.insert_button.clicked.connect(self.insert_selected_figure)
        self.figures_view.doubleClicked.connect(lambda _: self.insert_selected_figure())
        self.add_evidence.clicked.connect(self.choose_evidence)
        self.open_evidence.clicked.connect(self.open_selected_evidence)
        self.remove_evidence.clicked.connect(self.remove_selected_evidence)
        self.setEnabled(False)

    # --- binding and loading -----------------------------------------------------------

    def bind(self, context: PageContext, reveal: Callable[[int], None]) -> None:
        self.context = context
        for field in self.fields.values():
            field.deleteLater()
        self.binding = Binding(context.undo_stack, lambda: self.candidate_id, reveal)
        self.criteria_ids = ()  # the editors are built again for this binding
        self.fields = {
            "declaration": self.binding.field(
                self.declaration, "Cam kết", self._write_declaration,
                error=self.declaration_error,
            )
        }  # fmt: skip
        self.fields["declaration"].saved.connect(self.changed)

    @property
    def candidate_id(self) -> int | None:
        return self.candidate.id if self.candidate else None

    def load(self, candidate: Candidate, campaign: Campaign) -> None:
        assert self.context is not None and self.binding is not None
        self.candidate = candidate
        self.title.setText(f"<b>{candidate.name}</b> — {candidate.kind.label.lower()}")
        declared = candidate.no_pending_declaration
        label = next(k for k, v in DECLARATIONS.items() if v is declared)
        self.fields["declaration"].show(label)
        self._build_gates(load_regime(campaign.legal_regime).gates)
        for gate_id in self.gate_ids:
            answer = candidate.gates.get(gate_id)
            shown = next(k for k, v in GATE_ANSWERS.items() if v is (answer and answer.pending))
            self.fields[f"gate:{gate_id}"].show(shown if answer else "(chưa khai)")
            self.fields[f"gate-note:{gate_id}"].show(answer.note if answer else "")
        self._build_criteria(campaign)
        texts = load_achievements(self.context.store.db, candidate.id)
        for criterion_id in self.texts:
            self.fields[criterion_id].show(texts.get(criterion_id, ""))
            self._preview(criterion_id)
        self._load_attachments()
        gates = [w for g in self.gate_ids for w in (self.gate_answers[g], self.gate_notes[g])]
        chain_focus(
            self.declaration, *gates, *self.texts.values(), self.attachments_view,
            self.add_evidence, self.open_evidence, self.remove_evidence, self.figures_view,
            self.insert_button,
        )  # fmt: skip
        self.setEnabled(True)

    def clear(self) -> None:
        self.candidate = None
        self.title.setText("Chọn một đối tượng trong danh sách, hoặc thêm đối tượng.")
        for name, field in self.fields.items():
            if name == "declaration":
                field.show(next(iter(DECLARATIONS)))
            else:
                field.show("(chưa khai)" if name.startswith("gate:") else "")
        self.attachments.set_rows([])
        self.setEnabled(False)

    def _build_gates(self, gates: tuple[Gate, ...]) -> None:
        """One answer and one note per gate of the campaign's regime; without gates, the
        campaign's single declaration instead."""
        self.declaration_row.setVisible(not gates)
        self.gates_box.setVisible(bool(gates))
        if tuple(g.id for g in gates) == self.gate_ids:
            return
        assert self.binding is not None
        while self.gates_form.rowCount():
            self.gates_form.removeRow(0)
        for gate_id in self.gate_ids:
            self.fields.pop(f"gate:{gate_id}").deleteLater()
            self.fields.pop(f"gate-note:{gate_id}").deleteLater()
        self.gate_answers, self.gate_notes = {}, {}
        for gate in gates:
            answer, note = ChoiceBox(list(GATE_ANSWERS)), QLineEdit()
            answer.setAccessibleName(gate.label)
            explain(answer, f"Đối tượng {gate.text}?")
            note.setPlaceholderText("Ghi chú: việc gì, cơ quan nào đang xem xét, từ ngày nào")
            note.setAccessibleName(f"{gate.label}: ghi chú")
            answer_error, note_error = error_label(hidden=True), error_label(hidden=True)
            for key, widget, write, error, check in (
                (f"gate:{gate.id}", answer, partial(self._write_gate, gate.id), answer_error,
                 lambda value: None),
                (f"gate-note:{gate.id}", note, partial(self._write_gate_note, gate.id),
                 note_error, partial(self._note_needs_answer, gate.id)),
            ):  # fmt: skip
                self.fields[key] = self.binding.field(
                    widget, gate.label, write, error=error, check=check
                )
                self.fields[key].saved.connect(self.changed)
            row = QVBoxLayout()
            for widget in (answer, answer_error, note, note_error):
                row.addWidget(widget)
            label = QLabel(gate.label[:1].upper() + gate.label[1:])
            label.setToolTip(gate.text)
            self.gates_form.addRow(label, row)
            self.gate_answers[gate.id], self.gate_notes[gate.id] = answer, note
        self.gate_ids = tuple(g.id for g in gates)

    def _write_gate(self, gate_id: str, label: str) -> None:
        assert self.context is not None and self.candidate_id is not None
        pending = GATE_ANSWERS.get(label)
        note = self.gate_notes[gate_id].text().strip()
        answer = None if pending is None else GateAnswer(pending, note)
        with self.context.store.user_errors():
            set_gate(self.context.store.db, self.candidate_id, gate_id, answer)

    def _note_needs_answer(self, gate_id: str, note: str) -> str | None:
        answered = GATE_ANSWERS.get(self.gate_answers[gate_id].text()) is not None
        return None if answered or not note else "Chọn “Có” hoặc “Không” trước khi ghi chú."

    def _write_gate_note(self, gate_id: str, note: str) -> None:
        assert self.context is not None and self.candidate_id is not None
        pending = GATE_ANSWERS.get(self.gate_answers[gate_id].text())
        if pending is None:  # nothing declared: an empty note has nothing to go with
            return
        with self.context.store.user_errors():
            set_gate(self.context.store.db, self.candidate_id, gate_id,
                     GateAnswer(pending, note.strip()))  # fmt: skip

    def _build_criteria(self, campaign: Campaign) -> None:
        ids = tuple(c.id for c in campaign.criteria)
        if ids == self.criteria_ids:
            return
        assert self.binding is not None
        while self.criteria_layout.count():
            item = self.criteria_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for criterion_id in self.criteria_ids:
            self.fields.pop(criterion_id).deleteLater()
        self.texts, self.previews = {}, {}
        for number, criterion in enumerate(campaign.criteria, start=1):
            edit = LinesEdit()
            edit.setAccessibleName(criterion.title)
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(110)  # four criteria fit on a 768-pixel screen with room
            edit.setPlaceholderText("Kết quả đạt được, biện pháp, sáng kiến, hiệu quả…")
            error, preview = error_label(hidden=True), _small()
            preview.setTextFormat(Qt.TextFormat.PlainText)
            field = self.binding.field(
                edit, criterion.title, partial(self._write_text, criterion.id), error=error,
                normalise=lambda text: text,  # kept as typed: the cursor stays where it was
            )  # fmt: skip
            edit.textChanged.connect(partial(self._preview, criterion.id))
            edit.focused.connect(partial(setattr, self, "last_text", edit))
            self.fields[criterion.id], self.texts[criterion.id] = field, edit
            self.previews[criterion.id] = preview
            for widget in (
                QLabel(f"<b>{number}. {criterion.title}</b>"),
                _small(criterion.description),
                edit,
                error,
                preview,
            ):
                self.criteria_layout.addWidget(widget)
        self.criteria_ids = ids
        self.last_text = next(iter(self.texts.values()), None)

    # --- live figures ------------------------------------------------------------------

    def show_facts(self, facts: dict[str, Any], note: str) -> None:
        """The figures of this candidate's work, computed in the background by the page."""
        self.facts = facts
        self.figures.set_rows(available(facts))
        self.figures_note.setText(note)
        for criterion_id in self.texts:
            self._preview(criterion_id)

    def _preview(self, criterion_id: str) -> None:
        """Below each text: what the documents will print, figures filled in."""
        text = self.texts[criterion_id].text().strip()
        preview = self.previews[criterion_id]
        if "{" not in text:
            preview.hide()
            return
        filled = fill(text, self.facts)
        lines = [f"Khi in: {filled.text}"]
        if filled.unknown:
            lines.append("Không có số liệu tên: " + ", ".join(map(token, filled.unknown)))
        if filled.missing:
            lines.append(f"Chưa có số liệu (in “{MISSING}”): " + ", ".join(filled.missing))
        preview.setText("\n".join(lines))
        preview.show()

    def insert_selected_figure(self) -> None:
        index = self.figures_view.currentIndex()
        edit = self.last_text
        if not index.isValid() or edit is None:
            return
        name = self.figures.rows[index.row()][0]
        edit.insertPlainText(token(name))  # at the cursor, as the clerk left it
        edit.setFocus()

    # --- saving ------------------------------------------------------------------------

    def _write_text(self, criterion_id: str, text: str) -> None:
        assert self.context is not None and self.candidate_id is not None
        with self.context.store.user_errors():
            set_achievement(self.context.store.db, self.candidate_id, criterion_id, text)

    def _write_declaration(self, label: str) -> None:
        assert self.context is not None and self.candidate_id is not None
        with self.context.store.user_errors():
            set_declaration(self.context.store.db, self.candidate_id, DECLARATIONS.get(label))

    def commit_pending(self) -> None:
        for field in self.fields.values():
            field.commit()

    # --- evidence ----------------------------------------------------------------------

    def _load_attachments(self) -> None:
        assert self.context is not None and self.candidate_id is not None
        self.attachments.set_rows(list_attachments(self.context.store.db, self.candidate_id))

    def choose_evidence(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, "Chọn tệp minh chứng", str(Path.home()), EVIDENCE_FILTER
        )
        self.attach([Path(name) for name in names])

    def attach(self, paths: list[Path]) -> None:
        """Copy the files into the database; each refused one is named with the reason."""
        assert self.context is not None and self.candidate_id is not None
        refused = []
        for path in paths:
            try:
                data = path.read_bytes()
            except OSError as exc:
                refused.append(f"Không đọc được tệp {path.name}: {exc.strerror or exc}.")
                continue
            try:
                with self.context.store.user_errors():
                    add_attachment(self.context.store.db, self.candidate_id, path.name, data)
            except UserError as exc:  # refused evidence (InvalidValue), the disk refusing
                refused.append(str(exc))
        self._load_attachments()
        self.evidence_error.setText("\n".join(refused))
        self.evidence_error.setVisible(bool(refused))

    def _selected_attachment(self) -> int | None:
        index = self.attachments_view.currentIndex()
        return index.data(ID_ROLE) if index.isValid() else None

    def open_selected_evidence(self) -> None:
        """A copy in the app's cache, opened with the system's viewer (the stored file is never
        edited in place)."""
        attachment_id = self._selected_attachment()
        if attachment_id is None or self.context is None:
            return
        name, data = attachment_content(self.context.store.db, attachment_id)
        original = Path(name)  # its extension kept, so the system knows what opens it
        plain = f"{attachment_id}_{ascii_file_name(original.stem)}{original.suffix.lower()}"
        target = paths.cache_dir() / "minh-chung" / plain
        try:
            with writing_to(target):
                target.parent.mkdir(parents=True, exist_ok=True)
                with atomic_write(target) as partial_path:
                    partial_path.write_bytes(data)
        except UserError as exc:  # the disk said no, in Vietnamese
            QMessageBox.warning(self, APP_NAME, f"Không mở được {name}: {exc}")
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))

    def remove_selected_evidence(self) -> None:
        attachment_id = self._selected_attachment()
        if attachment_id is None or self.context is None:
            return
        name = self.attachments.rows[self.attachments_view.currentIndex().row()].file_name
        question = f"Xóa tệp minh chứng {name}?"
        scoring = self.context.campaign.scoring if self.context.campaign else None
        used = criteria_evidenced_by(self.context.store.db, attachment_id)
        if scoring is not None and used:  # its criteria would score nothing without it
            titles = {c.id: c.title for c in scoring.criteria}
            named = ", ".join(f"“{titles.get(c, c)}”" for c in used)
            question += (
                f"\n\nTệp này là minh chứng của tiêu chí {named} trong Bảng tự chấm điểm: "
                "xóa thì các tiêu chí đó không được điểm (thiếu minh chứng)."
            )
        answer = QMessageBox.question(self, APP_NAME, question)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            with self.context.store.user_errors():
                remove_attachment(self.context.store.db, attachment_id)
        except StoreError as exc:
            QMessageBox.warning(self, APP_NAME, str(exc))
        self._load_attachments()
