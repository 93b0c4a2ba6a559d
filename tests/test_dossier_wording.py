"""The dossier read as an inspector reads it (issue 18): numbers as Decree 30 prints them,
counts as a clerk writes them, nothing said twice."""

from __future__ import annotations

import pytest

from app.core.document_numbers import printed_number
from app.services.dossier import write_documents
from app.store.campaigns import active_campaign_id
from app.store.dossier_settings import set_dossier_field
from app.store.organisation import unit_organisation
from tests.office import docx_lines


@pytest.mark.parametrize(
    "typed, printed", [("5", "05"), ("7a", "07a"), ("05", "05"), ("12", "12"), ("", "")]
)
def test_a_document_number_below_ten_has_its_leading_zero(typed, printed):
    assert printed_number(typed) == printed


@pytest.fixture
def documents(demo_store, tmp_path):
    """The demo's DOCX documents with the numbers typed without their zero."""
    db = demo_store.db
    organisation, campaign = unit_organisation(db).id, active_campaign_id(db)
    with db.atomic():
        set_dossier_field(db, organisation, campaign, "to_trinh_number", "5")
        set_dossier_field(db, organisation, campaign, "bien_ban_number", "7")
    built = write_documents(db, tmp_path, ("docx",))
    return {d.files[0].stem: docx_lines(d.files[0]) for d in built}


def test_numbers_counts_and_times_read_as_a_clerk_writes_them(documents):
    """ "Số: 5/TTr-UBND", "(Kèm theo Tờ trình số 5/…)", "Số: 7/BB-UBND", "09; có mặt: 08" and
    "10 giờ 30" were printed (issue 18, point 6)."""
    assert "Số: 05/TTr-UBND" in documents["01_To_trinh"]
    assert any("Tờ trình số 05/TTr-UBND" in line for line in documents["01a_Danh_sach"])
    minutes = documents["02_Bien_ban_hop_xet"]
    assert "Số: 07/BB-UBND" in minutes
    assert any(line.startswith("Tổng số thành viên theo quyết định thành lập: 9; có mặt: 8;")
               for line in minutes)  # fmt: skip
    assert any("kết thúc vào hồi 10 giờ 30 phút cùng ngày" in line for line in minutes)


def test_the_rate_is_not_said_twice_in_the_danh_sach(documents):
    """The summary already gives the rate from the register: no second sentence with it
    (issue 18, point 11)."""
    text = " ".join(documents["01a_Danh_sach"])
    assert text.count("96,77%") == 1
