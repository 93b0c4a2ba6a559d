"""A Tờ trình set out with the document model, as the dossier will produce it."""

from __future__ import annotations

from app.documents.model import (
    Document,
    HeaderBlock,
    Heading,
    Paragraph,
    Recipients,
    SignatureColumn,
    Signatures,
    Title,
)


def to_trinh(paragraphs: int = 6) -> Document:
    body = tuple(
        Paragraph(
            f"Đoạn {i + 1}: Thực hiện Kế hoạch phát động phong trào thi đua, Ủy ban nhân dân "
            "phường "
            "Hoa Sen đã tổ chức họp xét, lựa chọn tập thể có thành tích xuất sắc trong công tác "
            "tiếp công dân, giải quyết đơn đề nghị, khiếu nại, tố cáo và phòng, chống tham nhũng."
        )
        for i in range(paragraphs)
    )
    return Document(
        "01_To_trinh",
        (
            HeaderBlock(
                "UBND thành phố Lạng Sơn",
                "UBND phường Hoa Sen",
                "Số: 05/TTr-UBND",
                "Hoa Sen, ngày 05 tháng 02 năm 2025",
            ),
            Title("TỜ TRÌNH", ("Về việc đề nghị tặng Giấy khen",)),
            Paragraph("Kính gửi: Chủ tịch UBND thành phố Lạng Sơn.", centred=True),
            Paragraph("Căn cứ Kế hoạch phát động thi đua ngày 05/02/2025;", italic=True),
            Heading("I. KẾT QUẢ HỌP XÉT"),
            *body,
            Paragraph("(có danh sách kèm theo)", italic=True, centred=True),
            Signatures(
                Recipients(("- Như trên;", "- Lưu: VT, TTr.")),
                SignatureColumn(("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"), ("Nguyễn Văn An",)),
            ),
        ),
    )


def danh_sach(rows: int = 40) -> Document:
    """The attachment's list: a table long enough to run over a page."""
    from app.documents.model import Table

    return Document(
        "01a_Danh_sach",
        (
            Title("DANH SÁCH", ("Đề nghị tặng Giấy khen",)),
            Table(
                ("STT", "Họ và tên / Tên tập thể", "Tóm tắt thành tích", "Số phiếu"),
                tuple(
                    (
                        str(i + 1),
                        f"Cán bộ số {i + 1}",
                        "Giải quyết đơn đúng hạn, đúng pháp luật.",
                        "7/9",
                    )
                    for i in range(rows)
                ),
                (15, 47, 78, 25),
            ),
        ),
    )
