"""A file written through atomic_write appears whole or not at all."""

from __future__ import annotations

import pytest

from app.atomic import atomic_write
from app.documents.docx_renderer import render_docx
from tests.sample_documents import to_trinh


def test_a_failed_write_leaves_the_old_file_and_no_partial(tmp_path):
    target = tmp_path / "ho-so" / "01_To_trinh.docx"
    render_docx(to_trinh(1), target)
    before = target.read_bytes()
    with pytest.raises(OSError, match="đĩa đầy"), atomic_write(target) as partial:
        partial.write_bytes(b"half")
        raise OSError(28, "đĩa đầy")
    assert target.read_bytes() == before
    assert sorted(p.name for p in target.parent.iterdir()) == ["01_To_trinh.docx"]


def test_a_renderer_that_fails_leaves_nothing_behind(tmp_path, monkeypatch):
    from docx.document import Document

    def full_disk(self, path):
        with open(path, "wb") as handle:
            handle.write(b"PK")  # a few bytes, then the disk is full
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Document, "save", full_disk)
    with pytest.raises(OSError):
        render_docx(to_trinh(1), tmp_path / "01_To_trinh.docx")
    assert list(tmp_path.iterdir()) == []
