"""The inbox's refusals, importable without loading the package or crypto code (the command
line reports them at every start)."""

from __future__ import annotations

from app.errors import UserError


class InboxError(UserError):
    """A refused import or action; the message says why, in Vietnamese."""


class KeyChanged(InboxError):
    """The unit is known with another key: refused unless an officer accepts the new one."""

    def __init__(self, unit: str, pinned: str, offered: str):
        super().__init__(
            f"CẢNH BÁO: gói của {unit} được ký bằng một khóa KHÁC khóa đã ghi nhận. "
            f"Khóa đã ghi nhận: {pinned}. Khóa của gói: {offered}. Gói chưa được nhập. "
            "Chỉ chấp nhận khóa mới sau khi đã gọi điện cho đơn vị và đọc đối chiếu dấu vân tay."
        )
        self.unit, self.pinned, self.offered = unit, pinned, offered
