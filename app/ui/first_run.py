"""The first start, when there is no database yet: who uses the app (a unit or the
Inspectorate), the organisation and its signer, the campaign — or the demo data to explore.
Three short steps; everything can be changed later on the Đơn vị page."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import APP_NAME
from app.core.campaign import CODE_HINT
from app.core.entities import Organisation
from app.core.organisation_rules import REQUIRED, organisation_field_problem
from app.core.text import clean
from app.documents.regimes import load_regime
from app.errors import UserError
from app.store.campaigns import (
    active_campaign_id,
    builtin_definitions,
    campaign_id_by_code,
    load_campaign,
    set_active_campaign,
)
from app.store.organisation import unit_organisation
from app.store.role import INSPECTORATE, UNIT
from app.store.setup import CampaignChoice, create_database
from app.ui.pages.unit import UNIT_FIELDS
from app.ui.widgets import ERROR_COLOUR, HINT_COLOUR, SpinBox, error_label

# the 2026 template each role starts from (resources/campaign-templates/)
TEMPLATE_FOR = {UNIT: "xa-phuong-2026", INSPECTORATE: "thanh-tra-tinh-2026"}
# the organisation step's words for the Inspectorate (a unit's are UNIT_FIELDS')
INSPECTORATE_LABELS = {"name": "Tên cơ quan"}
INSPECTORATE_HINTS = {
    "parent_agency": "ví dụ: UBND tỉnh …",
    "name": "ví dụ: Thanh tra tỉnh …",
    "abbreviation": "ví dụ: TTr",
    "place_name": "tên tỉnh",
    "signer_authority": "trống khi Chánh Thanh tra ký; KT. CHÁNH THANH TRA",
    "signer_position": "ví dụ: CHÁNH THANH TRA",
}

ASKED = (
    "parent_agency",
    "name",
    "abbreviation",
    "place_name",
    "signer_authority",
    "signer_position",
    "signer_name",
)


class FirstRunDialog(QDialog):
    """`result_path` is the database made (or the demo), None when the user closed it."""

    def __init__(self, target: Path, demo: Path, today: date) -> None:
        super().__init__()
        self.setWindowTitle(f"{APP_NAME} — bắt đầu")
        self.target, self.demo, self.today = target, demo, today
        self.result_path: Path | None = None
        self.refused_field = ""  # the field the error under the steps is about
        builtin = builtin_definitions()[0]  # what a new database starts with (resources/)
        self.builtin_name, self.builtin_code = builtin["name"], builtin["code"]
        self.builtin_year = date.fromisoformat(str(builtin["period"]["start"])).year
        self.builtin_regime = load_regime(str(builtin["legal_regime"]))
        self.builtin_start = date.fromisoformat(str(builtin["period"]["start"]))
        ended = self.builtin_regime.in_force_until
        self.builtin_ended = ended is not None and today > ended  # its decree repealed by now
        self.steps = QStackedWidget()
        self.steps.addWidget(self._role_step())
        self.steps.addWidget(self._organisation_step())
        self.steps.addWidget(self._campaign_step())
        self.error = error_label(hidden=True)
        self.back = QPushButton("◀ Quay lại")
        self.next = QPushButton("Tiếp ▶")
        self.next.setDefault(True)
        self.use_demo = QPushButton("Dùng dữ liệu mẫu để tìm hiểu")
        self.use_demo.setToolTip("Mở một phường hư cấu có sẵn cán bộ, sổ đơn, họp xét, hồ sơ")
        buttons = QHBoxLayout()
        buttons.addWidget(self.use_demo)
        buttons.addStretch()
        buttons.addWidget(self.back)
        buttons.addWidget(self.next)
        layout = QVBoxLayout(self)
        layout.addWidget(self.steps, 1)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.back.clicked.connect(lambda: self._go(self.steps.currentIndex() - 1))
        self.next.clicked.connect(self._forward)
        self.use_demo.clicked.connect(self._choose_demo)
        self.resize(640, 460)
        self._go(0)

    # --- the steps -----------------------------------------------------------------------

    def _role_step(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        welcome = QLabel(
            f"<h2>Chào mừng đến với {APP_NAME}</h2>Ứng dụng giúp lập hồ sơ đề nghị khen thưởng "
            "phong trào thi đua, gửi gói hồ sơ tới Thanh tra, và giúp Thanh tra thẩm định, "
            "tổng hợp. Tệp dữ liệu này sẽ dùng cho:"
        )
        welcome.setWordWrap(True)
        self.as_unit = QRadioButton("Đơn vị (UBND phường, xã, phòng ban…): lập và gửi hồ sơ")
        self.as_inspectorate = QRadioButton("Thanh tra: nhận, kiểm tra, thẩm định hồ sơ các đơn vị")
        self.as_unit.setChecked(True)
        self.as_inspectorate.toggled.connect(lambda _: self._hints())
        group = QButtonGroup(page)
        group.addButton(self.as_unit)
        group.addButton(self.as_inspectorate)
        later = QLabel("Có thể đổi sau ở trang Đơn vị & đợt thi đua.")
        later.setStyleSheet(f"color: {HINT_COLOUR};")
        for widget in (welcome, self.as_unit, self.as_inspectorate, later):
            layout.addWidget(widget)
        layout.addStretch()
        return page

    def _organisation_step(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.addRow(QLabel("<b>Cơ quan và người ký</b> — in trên mọi văn bản."))
        labels = {field: (label, hint) for field, label, hint in UNIT_FIELDS}
        self.fields: dict[str, QLineEdit] = {}
        self.unit_hints = {field: labels[field][1] for field in ASKED}
        self.unit_labels = {field: labels[field][0] for field in ASKED}
        self.field_labels: dict[str, QLabel] = {}
        for field in ASKED:
            label, hint = labels[field]
            edit = QLineEdit()
            edit.setPlaceholderText(hint)
            edit.setAccessibleName(label)
            self.field_labels[field] = QLabel(label + (" *" if field in REQUIRED else ""))
            form.addRow(self.field_labels[field], edit)
            self.fields[field] = edit
            edit.textChanged.connect(lambda _, field=field: self._recheck(field))
        return page

    def _hints(self) -> None:
        """The organisation step's examples in the words of the role chosen."""
        inspectorate = self.as_inspectorate.isChecked()
        for field, edit in self.fields.items():
            hint = INSPECTORATE_HINTS.get(field) if inspectorate else None
            edit.setPlaceholderText(hint or self.unit_hints[field])
            label = (INSPECTORATE_LABELS.get(field) if inspectorate else None) or (
                self.unit_labels[field]
            )
            edit.setAccessibleName(label)
            self.field_labels[field].setText(label + (" *" if field in REQUIRED else ""))

    def _recheck(self, field: str) -> None:
        """The refusal said of a field goes once the field is right."""
        text = self.fields[field].text()
        if self.refused_field == field and organisation_field_problem(field, text) is None:
            self.error.hide()

    def _campaign_step(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("<b>Đợt thi đua</b>"))
        self.template = QRadioButton(
            "Đợt mới theo mẫu năm 2026 (Nghị định 152/2025/NĐ-CP, chính quyền hai cấp)"
        )
        template_note = QLabel(
            "Bước sau hỏi tên cơ quan khen thưởng, nơi nhận hồ sơ và các căn cứ của đợt; thời "
            "gian, chỉ tiêu, quy tắc biểu quyết là gợi ý của mẫu, xác nhận sau ở trang Đơn vị & "
            "đợt thi đua."
        )
        template_note.setWordWrap(True)
        template_note.setContentsMargins(24, 0, 0, 8)
        template_note.setStyleSheet(f"color: {HINT_COLOUR};")
        self.builtin = QRadioButton(f"Đợt dựng sẵn (năm {self.builtin_year})")
        # a decree repealed by today: the 2026 template first, the 2025 plan for its own year
        (self.template if self.builtin_ended else self.builtin).setChecked(True)
        builtin_name = QLabel(
            self.builtin_name
        )  # a radio button's text never wraps: the name does here
        builtin_name.setWordWrap(True)
        builtin_name.setContentsMargins(24, 0, 0, 8)
        self.copy = QRadioButton("Một đợt mới giống đợt dựng sẵn, dời mọi ngày sang năm khác:")
        group = QButtonGroup(page)
        for button in (self.template, self.builtin, self.copy):
            group.addButton(button)
        for widget in (self.template, template_note, self.builtin, builtin_name, self.copy):
            layout.addWidget(widget)
        form = QFormLayout()
        self.year = SpinBox()
        self.year.setRange(self.builtin_year, 2100)
        self.year.setValue(max(self.builtin_year, self.today.year))
        self.year.setAccessibleName("Năm của đợt mới")
        self.code = QLineEdit()
        self.code.setPlaceholderText(CODE_HINT)
        self.code.setAccessibleName("Mã đợt mới")
        self.name = QLineEdit()
        self.name.setAccessibleName("Tên đợt mới")
        form.addRow("Năm", self.year)
        form.addRow("Mã đợt", self.code)
        form.addRow("Tên đợt", self.name)
        layout.addLayout(form)
        self.repealed = QLabel()  # a copy moved past its decree's end is said to be one
        self.repealed.setWordWrap(True)
        self.repealed.setStyleSheet(f"color: {ERROR_COLOUR};")
        layout.addWidget(self.repealed)
        self.year.valueChanged.connect(self._suggest)
        self.copy.toggled.connect(lambda _: self._suggest(self.year.value()))
        self.copy.toggled.connect(
            lambda on: [w.setEnabled(on) for w in (self.year, self.code, self.name)]
        )
        self._suggest(self.year.value())
        for widget in (self.year, self.code, self.name):
            widget.setEnabled(False)
        layout.addStretch()
        return page

    def _moved(self, text: str, years: int) -> str:
        """The built-in campaign's code or name with its year moved ("…-2025" → "…-2026")."""
        return text.replace(str(self.builtin_year), str(self.builtin_year + years))

    def _suggest(self, year: int) -> None:
        self.code.setText(self._moved(self.builtin_code, year - self.builtin_year))
        self.name.setText(self._moved(self.builtin_name, year - self.builtin_year))
        self.name.setCursorPosition(0)  # a long name shows its beginning, not its end
        start = self.builtin_start.replace(year=year)
        ended = self.builtin_regime.in_force_until
        self.repealed.setText(
            f"Đợt năm {year} vẫn theo {self.builtin_regime.name}, đã hết hiệu lực từ "
            f"{ended + timedelta(days=1):%d/%m/%Y}: hồ sơ sẽ bị cảnh báo — nên chọn “Đợt mới "
            "theo mẫu năm 2026” ở trên."
            if self.copy.isChecked() and ended is not None and start > ended else ""
        )  # fmt: skip

    # --- moving through ------------------------------------------------------------------

    def _go(self, index: int) -> None:
        self.error.hide()
        self.steps.setCurrentIndex(max(0, index))
        last = self.steps.currentIndex() == self.steps.count() - 1
        self.back.setEnabled(self.steps.currentIndex() > 0)
        self.next.setText("Bắt đầu" if last else "Tiếp ▶")

    def _refuse(self, message: str) -> None:
        self.refused_field = ""
        self.error.setText(message)
        self.error.show()

    def _forward(self) -> None:
        index = self.steps.currentIndex()
        if index == 1:
            for field, edit in self.fields.items():
                problem = organisation_field_problem(field, edit.text())
                if problem:
                    label = edit.accessibleName()
                    self._refuse(f"{label}: {problem}")
                    self.refused_field = field
                    edit.setFocus()
                    return
        if index < self.steps.count() - 1:
            self._go(index + 1)
            return
        self._create()

    def _create(self) -> None:
        organisation = Organisation(
            id=0, **{field: clean(edit.text()) for field, edit in self.fields.items()}
        )
        choice = CampaignChoice()
        if self.copy.isChecked():
            if not clean(self.code.text()) or not clean(self.name.text()):
                self._refuse("Đợt mới cần có mã và tên.")
                return
            choice = CampaignChoice(
                clean(self.code.text()),
                clean(self.name.text()),
                self.year.value() - self.builtin_year,
            )
        role = INSPECTORATE if self.as_inspectorate.isChecked() else UNIT
        try:
            store = create_database(self.target, role, organisation, choice)
        except UserError as exc:  # the disk refusing, a campaign copy that would not hold
            self._refuse(str(exc))
            return
        try:
            if self.template.isChecked():
                self._from_template(store, TEMPLATE_FOR[role])
        finally:
            store.close()
        self.result_path = self.target
        self.accept()

    def _from_template(self, store, template: str) -> None:
        """The campaign made from the role's 2026 template, its bodies and bases asked by the
        dialog of Đơn vị & đợt thi đua, and made the one the unit works on; closed without
        making it, the database keeps the built-in campaign (the check says its decree ended)."""
        from PySide6.QtGui import QUndoStack

        from app.ui.context import PageContext
        from app.ui.pages.campaign_settings import CloneDialog

        db = store.db
        campaign_id = active_campaign_id(db)
        context = PageContext(store, unit_organisation(db), campaign_id,
                              load_campaign(db, campaign_id), QUndoStack(self))  # fmt: skip
        dialog = CloneDialog(self, context)
        dialog.choose_template(template)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            set_active_campaign(db, campaign_id_by_code(db, clean(dialog.code.text())))

    def _choose_demo(self) -> None:
        from app.services.demo import create_demo

        if not self.demo.exists():
            try:
                create_demo(self.demo).close()
            except UserError as exc:
                self._refuse(str(exc))
                return
        self.result_path = self.demo
        self.accept()


def first_run(target: Path, demo: Path, today: date) -> Path | None:
    dialog = FirstRunDialog(target, demo, today)
    dialog.exec()
    return dialog.result_path
