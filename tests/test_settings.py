"""The app's own preferences file."""

from __future__ import annotations

from app import settings


def test_remembering_what_is_remembered_already_writes_nothing(isolated_home, monkeypatch):
    settings.remember(last_database="C:/Dữ liệu/thidua.sqlite", last_page="people")
    written = []
    real_save = settings.save

    def save(values):
        written.append(values)
        real_save(values)

    monkeypatch.setattr(settings, "save", save)

    settings.remember(last_database="C:/Dữ liệu/thidua.sqlite")  # every start says it again
    assert written == []
    settings.remember(last_database="D:/khac.sqlite")
    assert written == [{"last_database": "D:/khac.sqlite", "last_page": "people"}]
    assert settings.load()["last_database"] == "D:/khac.sqlite"
