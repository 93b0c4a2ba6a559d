"""Đơn vị & đợt thi đua: the unit's details printed on every document, saved as they are
typed (undoable), and which campaign the unit is working on."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
)

from app import APP_NAME
from app.core.organisation_rules import REQUIRED, organisation_field_problem
from app.core.text import format_date_short
from app.documents.regimes import load_regime
from app.store.campaigns import list_campaigns, set_active_campaign
from app.store.errors import StoreError
from app.store.organisation import set_organisation_field
from app.store.role import INSPECTORATE, UNIT, role
from app.ui.autosave import AutosavedField
from app.ui.context import PageContext
from app.ui.pages import Page
from app.ui.pages.campaign_settings import CampaignSettings
from app.ui.widgets import HINT_COLOUR, ComboBox, NaturalHeight, error_label, explain, scrolling

# (field, label, placeholder): the order a clerk reads them on a Tờ trình
UNIT_FIELDS = (
    ("parent_agency", "Cơ quan cấp trên", "ví dụ: UBND thành phố …"),
    ("name", "Tên đơn vị", "ví dụ: UBND phường …"),
    ("abbreviation", "Tên viết tắt (trong số văn bản)", "ví dụ: UBND"),
    ("place_name", "Địa danh (ghi trước ngày tháng)", "tên phường, xã"),
    ("address", "Địa chỉ trụ sở", ""),
    ("phone", "Điện thoại", ""),
    ("email", "Thư điện tử", ""),
    ("signer_authority", "Thẩm quyền ký", "ví dụ: TM. ỦY BAN NHÂN DÂN hoặc KT. CHỦ TỊCH"),
    ("signer_position", "Chức vụ người ký", "ví dụ: CHỦ TỊCH"),
    ("signer_name", "Họ tên người ký", ""),
)


UNIT_HELP = {
    "abbreviation": "In trong số văn bản: “Số: 05/TTr-UBND”. Chỉ chữ không dấu, số, dấu gạch nối.",
    "place_name": "In trước ngày tháng ở đầu văn bản: “Hoa Sen, ngày … tháng … năm …”.",
    "signer_authority": "TM. (thay mặt tập thể) hoặc KT. (ký thay người đứng đầu); để trống "
    "khi người đứng đầu ký.",
}


ROLE_CHANGES = {
    INSPECTORATE: "Dùng tệp dữ liệu này cho Thanh tra? Các trang lập hồ sơ của đơn vị (Cán bộ & "
    "tập thể, Đơn thư, Thành tích, Họp xét, Hồ sơ) sẽ ẩn đi, trang Hộp hồ sơ hiện ra để nhận, "
    "thẩm định gói của các đơn vị. Dữ liệu đã nhập không mất; đổi lại được ngay bằng Ctrl+Z "
    "hoặc chọn lại ở đây.",
    UNIT: "Dùng tệp dữ liệu này cho đơn vị lập và gửi hồ sơ? Trang Hộp hồ sơ sẽ ẩn đi, các trang "
    "lập hồ sơ hiện ra. Các gói đã nhận không mất; đổi lại được ngay bằng Ctrl+Z hoặc chọn lại ở "
    "đây.",
}


class UnitPage(Page):
    def __init__(self, today: Callable[[], date]) -> None:
        super().__init__(today)
        self.fields: dict[str, AutosavedField] = {}
        self.status = QLabel()
        self.status.setObjectName("status")

        unit_box = QGroupBox("Đơn vị")
        form = QFormLayout(unit_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        for field, label, placeholder in UNIT_FIELDS:
            edit = QLineEdit()
            edit.setPlaceholderText(placeholder)
            edit.setAccessibleName(label)
            error = error_label(hidden=True)
            form.addRow(label + (" *" if field in REQUIRED else ""), edit)
            form.addRow("", error)
            self.edits[field], self.errors[field] = edit, error
        for field, text in UNIT_HELP.items():
            explain(self.edits[field], text)
        note = QLabel("Mỗi ô được lưu ngay khi gõ xong; Ctrl+Z để hoàn tác. (*) bắt buộc.")
        note.setStyleSheet(f"color: {HINT_COLOUR};")
        form.addRow(note)

        campaign_box = QGroupBox("Đợt thi đua đang làm")
        campaign_form = QFormLayout(campaign_box)
        self.campaigns = ComboBox()
        self.campaigns.setAccessibleName("Đợt thi đua đang làm")
        self.campaign_facts = QLabel()
        self.campaign_facts.setWordWrap(True)
        self.campaign_facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        campaign_form.addRow("Đợt thi đua", self.campaigns)
        campaign_form.addRow(self.campaign_facts)
        self.role = ComboBox()
        self.role.addItem("Đơn vị lập và gửi hồ sơ", UNIT)
        self.role.addItem("Thanh tra nhận, thẩm định hồ sơ các đơn vị", INSPECTORATE)
        self.role.setAccessibleName("Tệp dữ liệu dùng cho")
        explain(
            self.role,
            "Đơn vị: các trang lập và gửi hồ sơ. Thanh tra: trang Hộp hồ sơ để "
            "nhận, thẩm định gói của các đơn vị. Dữ liệu đã nhập không mất khi đổi.",
        )
        campaign_form.addRow("Tệp dữ liệu dùng cho", self.role)
        self.role.activated.connect(self._choose_role)
        self.campaigns.activated.connect(self._choose_campaign)
        self.settings = CampaignSettings()
        self.settings.changed.connect(self.unit_changed)

        content = NaturalHeight()
        column = QVBoxLayout(content)
        for box in (unit_box, campaign_box, self.settings):
            box.setMaximumWidth(960)  # lines a reader can follow on a wide screen
            column.addWidget(box)
        column.addWidget(self.status)
        column.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scrolling(content))  # a 1366×768 screen shows part, the rest scrolls

    def show_context(self, context: PageContext) -> None:
        first = self.context is None or self.context.store is not context.store
        self.context = context
        if first:
            self._bind(context)
        organisation = context.organisation
        for field, edit in self.edits.items():
            edit.setEnabled(organisation is not None)
            self.fields[field].show(getattr(organisation, field) if organisation else "")
        if organisation is None:
            self.status.setText("Tệp dữ liệu chưa có thông tin đơn vị.")
        self._show_campaigns(context)
        self.settings.show_context(context)
        self.role.setCurrentIndex(self.role.findData(role(context.store.db)))

    def _bind(self, context: PageContext) -> None:
        """Each field saved through this database; made again when another file is opened."""
        for binding in self.fields.values():
            binding.deleteLater()
        self.fields = {}
        for field, label, _ in UNIT_FIELDS:
            binding = AutosavedField(
                self.edits[field],
                label,
                partial(self._write, field),
                context.undo_stack,
                partial(organisation_field_problem, field),
                self.errors[field],
            )
            binding.saved.connect(self._saved)
            binding.failed.connect(self.status.setText)
            self.fields[field] = binding

    def _write(self, field: str, value: str) -> None:
        assert self.context is not None
        with self.context.store.user_errors():
            set_organisation_field(self.context.store.db, field, value)

    def _saved(self) -> None:
        self.status.setText("Đã lưu.")
        self.unit_changed.emit()

    def _show_campaigns(self, context: PageContext) -> None:
        self.campaigns.clear()
        for campaign_id, _code, name in list_campaigns(context.store.db):
            self.campaigns.addItem(name, campaign_id)
            if campaign_id == context.campaign_id:
                self.campaigns.setCurrentIndex(self.campaigns.count() - 1)
        campaign = context.campaign
        if campaign is None:
            self.campaign_facts.setText("Chưa chọn đợt thi đua.")
            return
        deadlines = "; ".join(f"{d.title}: {format_date_short(d.date)}" for d in campaign.deadlines)
        self.campaign_facts.setText(
            f"Thời gian: {format_date_short(campaign.period_start)} – "
            f"{format_date_short(campaign.period_end)}. Hình thức: {campaign.award_title}. "
            f"Chế độ biểu mẫu: {load_regime(campaign.legal_regime).name}. Thời hạn: {deadlines}."
        )

    def _choose_role(self, index: int) -> None:
        """Asks first, saying what changes; the window then shows the pages of that role."""
        assert self.context is not None
        chosen = self.role.itemData(index)
        current = role(self.context.store.db)
        if chosen == current:
            return
        answer = QMessageBox.question(self, APP_NAME, ROLE_CHANGES[chosen])
        if answer != QMessageBox.StandardButton.Yes:
            self.role.setCurrentIndex(self.role.findData(current))
            return
        self.role_requested.emit(chosen)

    def _choose_campaign(self, index: int) -> None:
        assert self.context is not None
        campaign_id = self.campaigns.itemData(index)
        if campaign_id == self.context.campaign_id:
            return
        try:
            with self.context.store.user_errors():
                set_active_campaign(self.context.store.db, campaign_id)
        except StoreError as exc:
            self.status.setText(f"Chưa đổi được đợt thi đua — {exc}")
            return
        self.status.setText(f"Đang làm việc với đợt: {self.campaigns.itemText(index)}.")
        self.unit_changed.emit()  # every page shows the chosen campaign
