"""The active campaign's settings, saved as they are typed like the unit's details, and the
cloning of a campaign for a new year. Each setting is checked against the whole campaign before
it is stored: a period that ends before it starts is refused with the reason."""

from __future__ import annotations

from fractions import Fraction
from functools import partial
from typing import Any

from msgspec import Struct
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.campaign import (
    BODY_FIELDS,
    CODE_HINT,
    placeholders_left,
    stale_note,
    value_at,
    with_value,
)
from app.core.petitions import PETITION_TYPES
from app.core.regime import ended_before
from app.core.text import clean, format_date_short, parse_date
from app.documents.regimes import known_regimes, load_regime
from app.errors import InvalidValue, UserError
from app.store.campaigns import (
    campaign_definition,
    campaign_templates,
    clone_campaign,
    confirm_settings,
    create_from_template,
    load_campaign,
    set_campaign_value,
    stale_after_clone,
)
from app.ui.autosave import AutosavedField
from app.ui.context import PageContext
from app.ui.pages.scoring_box import ScoringBox
from app.ui.widgets import (
    CheckList,
    ChoiceBox,
    ComboBox,
    LinesEdit,
    SpinBox,
    dialog_buttons,
    error_label,
    explain,
)


class Setting(Struct, frozen=True):
    path: str  # in the campaign definition: "period.start", "deadlines.0.date"
    label: str
    kind: str = "text"  # text, date, percent, count, fraction, lines, types, regime, flag, per


LABEL_WIDTH = 260
HELP = {  # the settings whose meaning is not in their name (tooltip and Shift+F1)
    "legal_regime": "Bộ biểu mẫu theo nghị định áp dụng: Nghị định 98/2023 (đến 30/06/2025) "
    "hoặc Nghị định 152/2025 (từ 01/07/2025). Đổi chế độ bằng nút “Nhân bản đợt này hoặc tạo "
    "đợt mới từ mẫu…”: các cơ quan và căn cứ phải khai lại, không sửa tại chỗ.",
    "period.start": "Thành tích và số liệu giải quyết đơn được tính trong khoảng ngày này.",
    "eligibility.resolution_rate_min": "So với tỷ lệ chưa làm tròn: 95,99% chưa đạt 96%.",
    "eligibility.counted_petition_types": "Các loại đơn tính vào tỷ lệ giải quyết; ứng dụng "
    "luôn báo thêm tỷ lệ riêng của khiếu nại và tố cáo.",
    "quota.per_unit": "Mỗi đơn vị đề nghị tối đa bấy nhiêu tập thể hoặc cá nhân.",
    "quota.inspectorate_collectives": "Thanh tra chọn tối đa bấy nhiêu tập thể trong mọi đơn vị.",
    "quota.inspectorate_individuals": "Thanh tra chọn tối đa bấy nhiêu cá nhân trong mọi đơn vị.",
    "dossier.printed_copies": "Số bản điền sẵn trong hộp thoại in; mỗi bản được ký, đóng dấu.",
    "vote.threshold": "Ví dụ 1/2. Tính trên TỔNG số thành viên Hội đồng, trừ khi đánh dấu "
    "“Tỷ lệ phiếu tính trên số dự họp” (theo quy chế của Hội đồng).",
    "vote.threshold_strict": "Đánh dấu: phải TRÊN tỷ lệ (trên 50%); bỏ dấu: từ tỷ lệ trở lên.",
    "vote.quorum": "Số thành viên có mặt tối thiểu, so với tổng số; ví dụ 2/3.",
    "vote.quorum_strict": "Đánh dấu: phải TRÊN mức này; bỏ dấu: từ mức này trở lên.",
    "vote.of_present": "Theo quy chế của Hội đồng: đánh dấu thì tỷ lệ phiếu tính trên số thành "
    "viên dự họp; bỏ dấu thì tính trên tổng số thành viên (mặc định).",
    "vote.written_opinions": "Đánh dấu khi quy chế tính ý kiến bằng văn bản của thành viên vắng "
    "mặt như một người dự họp và một phiếu (số phiếu gõ vào đã gồm các ý kiến đó).",
    "vote.secret_ballot": "Cách biểu quyết mặc định của cuộc họp mới; vẫn đổi được ở trang Họp "
    "xét.",
}
SETTINGS = (
    Setting("name", "Tên đợt thi đua"),
    Setting("award_title", "Hình thức khen thưởng"),
    Setting("awarding_authority", "Người quyết định khen thưởng"),
    Setting("recipients.proposal_to", "Kính gửi (Tờ trình)"),
    Setting("recipients.via", "Nơi nhận hồ sơ của đơn vị"),
    Setting("recipients.inspectorate_to", "Nơi cơ quan tổng hợp trình"),
    Setting("recipients.inspectorate_via", "Cơ quan chuyển tờ trình tổng hợp"),
    Setting("plan_reference", "Kế hoạch phát động"),
    Setting("awarding_body", "Cơ quan ban hành Quyết định khen thưởng"),
    Setting("awarding_body_parent", "Cơ quan chủ quản của cơ quan đó (nếu có)"),
    Setting("awarding_abbreviation", "Tên viết tắt (trong số Quyết định)"),
    Setting("awarding_position", "Chức vụ người ký Quyết định"),
    Setting("awarding_signer", "Họ tên người ký Quyết định"),
    Setting("decision_executors", "Cơ quan thi hành Quyết định (Điều 3)"),
    Setting("legal_bases", "Căn cứ (mỗi dòng một văn bản)", "lines"),
    Setting("legal_regime", "Chế độ biểu mẫu", "regime"),
    Setting("period.start", "Tính thành tích từ ngày", "date"),
    Setting("period.end", "đến ngày", "date"),
    Setting("eligibility.resolution_rate_min", "Tỷ lệ giải quyết đơn tối thiểu (%)", "percent"),
    Setting("eligibility.counted_petition_types", "Loại đơn tính tỷ lệ", "types"),
    Setting("quota.per_unit", "Số tập thể, cá nhân mỗi đơn vị đề nghị", "count"),
    Setting("quota.inspectorate_collectives", "Thanh tra chọn tối đa: tập thể", "count"),
    Setting("quota.inspectorate_individuals", "Thanh tra chọn tối đa: cá nhân", "count"),
    Setting("dossier.printed_copies", "Số bản in mỗi văn bản", "count"),
    Setting("vote.threshold", "Tỷ lệ phiếu cần đạt", "fraction"),
    Setting("vote.threshold_strict", "Phải vượt tỷ lệ phiếu", "flag"),
    Setting("vote.quorum", "Số thành viên có mặt tối thiểu", "fraction"),
    Setting("vote.quorum_strict", "Phải vượt số có mặt tối thiểu", "flag"),
    Setting("vote.of_present", "Tỷ lệ phiếu tính trên số dự họp", "flag"),
    Setting("vote.written_opinions", "Tính ý kiến bằng văn bản của thành viên vắng mặt", "flag"),
    Setting("vote.secret_ballot", "Cuộc họp mới bỏ phiếu kín", "flag"),
    Setting(
        "reception.leader_periodic_minimum_days", "Lãnh đạo tiếp định kỳ ít nhất (ngày)", "count"
    ),
    Setting("reception.leader_periodic_per", "mỗi", "per"),
)
FLAG = "có"  # the one tick of a yes/no setting
PER = {"week": "tuần", "month": "tháng"}


def shown(value: Any, kind: str) -> str:
    """A stored setting as the clerk reads and types it."""
    if kind == "date":
        return format_date_short(parse_date(str(value)))
    if kind == "percent":
        return str(value).replace(".", ",")
    if kind == "flag":
        return FLAG if value else ""
    if kind == "per":
        return PER[value]
    if kind in ("lines", "types"):
        return ("\n" if kind == "lines" else CheckList.SEPARATOR).join(map(str, value))
    return str(value)


def stored(text: str, kind: str) -> Any:
    """What the clerk typed, as the campaign stores it; InvalidValue says why it cannot be."""
    if kind == "lines":
        return [line for line in (clean(x) for x in text.splitlines()) if line]
    if kind == "types":
        return [x for x in text.split(CheckList.SEPARATOR) if x]
    if kind == "flag":
        return text == FLAG
    text = clean(text)
    if kind == "per":
        return next(key for key, label in PER.items() if label == text)
    if not text:
        raise InvalidValue("Không được để trống.")
    if kind == "date":
        return parse_date(text).isoformat()  # type: ignore[union-attr] — not empty here
    if kind == "count":
        if not text.isdigit() or int(text) < 1:
            raise InvalidValue("Nhập một số nguyên từ 1 trở lên.")
        return int(text)
    if kind in ("percent", "fraction"):
        try:
            value = Fraction(text.replace(",", "."))
        except (ValueError, ZeroDivisionError):
            example = "96 hoặc 96,5" if kind == "percent" else "1/2, 2/3 hoặc 0,7"
            raise InvalidValue(f"“{text}” không phải số hợp lệ (ví dụ {example}).") from None
        if not 0 < value <= (100 if kind == "percent" else 1):
            raise InvalidValue("Nằm ngoài khoảng cho phép.")
        return text.replace(",", ".")
    return text


def _normalise(kind: str):
    if kind == "lines":
        return lambda text: "\n".join(stored(text, kind))
    return clean


class CampaignSettings(QGroupBox):
    changed = Signal()  # a setting was saved: the other pages show the campaign anew

    def __init__(self) -> None:
        super().__init__("Thiết lập của đợt thi đua")
        rows = QWidget()
        self.form = QFormLayout(rows)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.context: PageContext | None = None
        self.shown_for: tuple[object, int | None] | None = None
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.fields: dict[str, AutosavedField] = {}
        self.status = QLabel()
        self.status.setWordWrap(True)
        # a campaign made from a template: its settings are suggestions until confirmed
        self.unconfirmed = QLabel()
        self.unconfirmed.setWordWrap(True)
        self.confirm_button = QPushButton("Xác nhận thiết lập")
        self.confirm_button.clicked.connect(self.confirm)
        self.clone_button = QPushButton("Nhân bản đợt này hoặc tạo đợt mới từ mẫu…")
        self.clone_button.clicked.connect(self.clone)
        layout = QVBoxLayout(self)
        layout.addWidget(self.unconfirmed)
        layout.addWidget(self.confirm_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(rows)
        layout.addWidget(self.clone_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.scoring = ScoringBox()  # a campaign that ranks by points: its table
        self.scoring.changed.connect(self.changed)
        layout.addWidget(self.scoring)
        layout.addWidget(self.status)

    def show_context(self, context: PageContext) -> None:
        self.context = context
        key = (context.store, context.campaign_id)
        if key != self.shown_for:  # another file or campaign: its own settings and deadlines
            self.shown_for = key
            self._build(context)
        elif context.campaign_id is not None:
            definition = campaign_definition(context.store.db, context.campaign_id)
            for setting in self._settings(definition):
                self.fields[setting.path].show(
                    shown(value_at(definition, setting.path, ""), setting.kind)
                )
        self._show_unconfirmed(context)
        self.scoring.show_context(context)

    def _show_unconfirmed(self, context: PageContext) -> None:
        pending = (
            campaign_definition(context.store.db, context.campaign_id).get("unconfirmed", [])
            if context.campaign_id is not None else []
        )  # fmt: skip
        self.unconfirmed.setText(
            "Đợt này tạo từ mẫu: các thiết lập dưới đây mới là gợi ý. Hãy xem lại "
            + ", ".join(pending)
            + " rồi bấm “Xác nhận thiết lập”."
        )
        self.unconfirmed.setVisible(bool(pending))
        self.confirm_button.setVisible(bool(pending))

    def confirm(self) -> None:
        context = self.context
        assert context is not None and context.campaign_id is not None
        try:
            with context.store.user_errors():
                confirm_settings(context.store.db, context.campaign_id)
        except UserError as exc:
            self.status.setText(f"Chưa lưu — {exc}")
            return
        self.status.setText("Đã xác nhận các thiết lập của đợt.")
        self._show_unconfirmed(context)
        self.changed.emit()

    def _settings(self, definition: dict[str, Any]) -> list[Setting]:
        deadlines = [
            setting
            for i in range(len(definition.get("deadlines", [])))
            for setting in (
                Setting(f"deadlines.{i}.title", f"Hạn {i + 1}: việc phải xong"),
                Setting(f"deadlines.{i}.date", f"Hạn {i + 1}: ngày", "date"),
            )
        ]
        return [*SETTINGS, *deadlines]

    def _build(self, context: PageContext) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        # the edit history names fields that are gone now: it cannot be replayed
        context.undo_stack.clear()
        self.widgets, self.errors, self.fields = {}, {}, {}
        self.clone_button.setEnabled(context.campaign_id is not None)
        if context.campaign_id is None:
            self.form.addRow(QLabel("Chưa chọn đợt thi đua."))
            return
        definition = campaign_definition(context.store.db, context.campaign_id)
        for setting in self._settings(definition):
            widget = _widget(setting.kind)
            widget.setAccessibleName(setting.label)
            if setting.path in HELP:
                explain(widget, HELP[setting.path])
            error = error_label(hidden=True)
            label = QLabel(setting.label)
            label.setWordWrap(True)  # a deadline's name can be a sentence long: 2–3 lines
            label.setFixedWidth(LABEL_WIDTH)
            label.setMinimumHeight(label.heightForWidth(LABEL_WIDTH))  # the form would clip it
            label.setBuddy(widget)
            self.form.addRow(label, widget)
            self.form.addRow("", error)
            field = AutosavedField(
                widget,
                setting.label,
                partial(self._write, context.campaign_id, setting),
                context.undo_stack,
                partial(self._problem, context.campaign_id, setting),
                error,
                _normalise(setting.kind),
            )
            field.show(shown(value_at(definition, setting.path, ""), setting.kind))
            field.saved.connect(self._saved)
            field.failed.connect(self.status.setText)
            self.widgets[setting.path], self.errors[setting.path] = widget, error
            self.fields[setting.path] = field

    def _problem(self, campaign_id: int, setting: Setting, text: str) -> str | None:
        assert self.context is not None
        try:
            value = stored(text, setting.kind)
            with_value(campaign_definition(self.context.store.db, campaign_id), setting.path, value)
        except UserError as exc:  # a value typed wrong, a campaign that would not hold
            return str(exc)
        return None

    def _write(self, campaign_id: int, setting: Setting, text: str) -> None:
        """The campaign it was typed for, even when undone after another one was chosen."""
        assert self.context is not None
        with self.context.store.user_errors():
            set_campaign_value(
                self.context.store.db, campaign_id, setting.path, stored(text, setting.kind)
            )

    def _saved(self) -> None:
        self.status.setText("Đã lưu.")
        self.changed.emit()

    def clone(self) -> None:
        assert self.context is not None and self.context.campaign_id is not None
        dialog = CloneDialog(self, self.context)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            created = f"Đã tạo đợt “{dialog.created_name}”; chọn ở ô Đợt thi đua."
            self.status.setText(" ".join(filter(None, (created, dialog.note))))
            self.changed.emit()


def _widget(kind: str) -> QWidget:
    if kind == "lines":
        widget = LinesEdit()
        widget.setFixedHeight(widget.fontMetrics().lineSpacing() * 4 + 12)
        return widget
    if kind == "types":
        return CheckList(PETITION_TYPES.labels)
    if kind == "flag":
        return CheckList([FLAG])
    if kind == "per":
        per = ChoiceBox(list(PER.values()))
        per.setMaximumWidth(140)
        return per
    if kind == "regime":  # shown, changed only by cloning (the bodies are asked for again)
        box = RegimeBox()
        box.setEnabled(False)
        return box
    edit = QLineEdit()
    if kind == "date":
        edit.setPlaceholderText("ngày/tháng/năm")
        edit.setMaximumWidth(140)
    elif kind in ("percent", "count", "fraction"):
        edit.setMaximumWidth(140)
    return edit


class RegimeBox(ComboBox):
    """The legal regimes by their decree's name ("Nghị định 152/2025/NĐ-CP"), read and
    written as their ids, as a line edit is (for autosaved fields)."""

    textChanged = Signal(str)
    editingFinished = Signal()

    def __init__(self) -> None:
        super().__init__()
        for regime in known_regimes():
            self.addItem(load_regime(regime).name, regime)
        self.currentIndexChanged.connect(lambda _: self.textChanged.emit(self.text()))
        self.activated.connect(lambda _: self.editingFinished.emit())

    def text(self) -> str:
        return str(self.currentData() or "")

    def setText(self, regime: str) -> None:  # named as QLineEdit's, which it stands in for
        self.setCurrentIndex(self.findData(regime))


class CloneDialog(QDialog):
    """A new campaign from the active one (its dates moved by whole years) or from a 2026
    template. Under another legal regime, or from a template, its bodies and bases are asked
    for (never copied: the district level ended on 01/07/2025), offered from the regime's
    choices; a template's settings stay suggestions until the user confirms them."""

    def __init__(self, parent: QWidget, context: PageContext) -> None:
        super().__init__(parent)
        self.context = context
        self.created_name = ""
        self.note = ""
        assert context.campaign_id is not None
        active = campaign_definition(context.store.db, context.campaign_id)
        self.current = str(active["legal_regime"])
        self.templates = campaign_templates()
        self.setWindowTitle("Tạo đợt thi đua mới")
        offered = (f"Mẫu: {t['template']}" for t in self.templates.values())
        self.source = ChoiceBox([f"Nhân bản đợt đang làm: {active['name']}", *offered])
        self.source.setMinimumWidth(self.source.fontMetrics().averageCharWidth() * 60)
        self.code = QLineEdit()
        self.code.setPlaceholderText(CODE_HINT)
        self.name = QLineEdit()
        self.years = SpinBox(minimum=0, maximum=10, value=1)
        self.regime = RegimeBox()
        self.regime.setText(self.current)
        self.bodies_box = QGroupBox("Cơ quan và căn cứ theo chế độ mới (không chép từ đợt cũ)")
        bodies_form = QFormLayout(self.bodies_box)
        self.bodies: dict[str, QComboBox] = {}
        for path, label in BODY_FIELDS.items():
            box = ComboBox(editable=True)
            box.setMinimumWidth(box.fontMetrics().averageCharWidth() * 48)  # a body's full name
            box.lineEdit().setPlaceholderText(
                "Kế hoạch số …/KH-… ngày … của …" if path == "plan_reference"
                else "chọn rồi thay “…” bằng tên, hoặc gõ"
            )  # fmt: skip
            bodies_form.addRow(label[:1].upper() + label[1:], box)
            self.bodies[path] = box
        self.bases = LinesEdit()
        self.bases.setPlaceholderText("Căn cứ Kế hoạch số …/KH-… ngày … của …")
        self.bases.setFixedHeight(self.bases.fontMetrics().lineSpacing() * 5 + 12)
        bodies_form.addRow("Căn cứ riêng của đợt (mỗi dòng một văn bản)", self.bases)
        self.error = error_label()
        form = QFormLayout(self)
        form.addRow("Tạo từ", self.source)
        form.addRow("Mã đợt mới", self.code)
        form.addRow("Tên đợt mới", self.name)
        form.addRow("Dời mọi ngày (năm)", self.years)
        form.addRow("Chế độ biểu mẫu", self.regime)
        form.addRow(self.bodies_box)
        form.addRow(self.error)
        form.addRow(dialog_buttons(self, "Tạo"))
        self.regime.textChanged.connect(self._chosen)
        self.source.textChanged.connect(self._chosen)
        self._chosen()

    def choose_template(self, code: str) -> None:
        """Starts from the template coded `code` (the first-run setup's 2026 campaign)."""
        self.source.setCurrentIndex(1 + list(self.templates).index(code))

    def _template(self) -> dict[str, Any] | None:
        index = self.source.currentIndex()
        return list(self.templates.values())[index - 1] if index > 0 else None

    def _chosen(self, _: str = "") -> None:
        """The bodies are asked for under another regime or from a template: a template's own
        ("Chủ tịch UBND xã …", to finish), then the regime's choices."""
        template = self._template()
        if template is not None:
            self.regime.setText(str(template["legal_regime"]))
            self.years.setValue(0)  # a template's dates are the year it is for
        elif not self.regime.isEnabled():  # back from a template: cloning the active campaign
            self.regime.setText(self.current)
            self.years.setValue(1)
            for box in self.bodies.values():
                box.setCurrentText("")
            self.bases.setText("")
        self.regime.setEnabled(template is None)
        self.years.setEnabled(template is None)
        self.bodies_box.setTitle(
            "Cơ quan và căn cứ của đợt mới (thay “…” bằng tên, số, ngày)" if template
            else "Cơ quan và căn cứ theo chế độ mới (không chép từ đợt cũ)"
        )  # fmt: skip
        asked = template is not None or self.regime.text() != self.current
        self.bodies_box.setVisible(asked)
        if asked:
            choices = load_regime(self.regime.text()).body_choices
            for path, box in self.bodies.items():
                own = str(value_at(template, path, "")) if template else ""
                typed = box.currentText() if template is None else own
                box.clear()
                box.addItems(list(dict.fromkeys(filter(None, (own, *choices.get(path, ()))))))
                box.setCurrentText(typed)
            if template is not None:
                self.bases.setText("\n".join(template.get("legal_bases", [])))
        self.adjustSize()

    def accept(self) -> None:
        code, name = clean(self.code.text()), clean(self.name.text())
        if not code or not name:
            self.error.setText("Cần nhập mã và tên của đợt mới.")
            return
        source = self.context.campaign_id
        assert source is not None
        template = self._template()
        regime = self.regime.text()
        asked = template is not None or regime != self.current
        bodies = {path: clean(box.currentText()) for path, box in self.bodies.items()}
        bases = self.bases.text().splitlines() if asked else None
        db = self.context.store.db
        try:
            with self.context.store.user_errors():
                if template is not None:
                    council = load_regime(str(template["legal_regime"])).council
                    created = create_from_template(
                        db, str(template["code"]), code=code, name=name, bodies=bodies,
                        bases=bases or [], council=council,
                    )  # fmt: skip
                    self.note = stale_note(placeholders_left(campaign_definition(db, created)))
                else:
                    created = clone_campaign(
                        db, source, code=code, name=name, year_shift=self.years.value(),
                        legal_regime=regime, bodies=bodies if asked else None, bases=bases,
                        council=load_regime(regime).council,
                    )  # fmt: skip
                    made = load_campaign(db, created)
                    regime = load_regime(made.legal_regime)
                    successor = load_regime(regime.replaced_by).name if regime.replaced_by else ""
                    ended = ended_before(regime, made.period_start, successor)
                    stale = stale_note(stale_after_clone(db, source, created))
                    self.note = " ".join(filter(None, (stale, ended)))
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.created_name = name
        super().accept()
