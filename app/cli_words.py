"""The command line read as words, before its parser is built: what app.launch decides
before the command line's modules load, and the `--format` value of the document commands."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.documents.pdf_batch import PdfWorker


def early_pdf_worker(words: list[str]) -> PdfWorker | None:
    """The PDF worker of a dossier build, started from the words of its command line (argparse
    reads them again and says what is wrong); None for anything else and for a `--format`
    without PDF. A worker not used after all (a usage error, `--help`) is stopped unused."""
    if not dossier_build(words) or "pdf" not in formats_option(_format_words(words)):
        return None
    from app.documents.pdf_batch import PdfWorker

    return PdfWorker()


def dossier_build(words: list[str]) -> bool:
    return "dossier" in words and "build" in words


def formats_option(text: str) -> tuple[str, ...]:
    """A --format value: "docx,pdf" → ("docx", "pdf"); a format named twice is written once."""
    return tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))


def _format_words(words: list[str]) -> str:
    """The value of `--format` as typed."""
    for word, following in zip(words, [*words[1:], ""], strict=True):
        if word == "--format":
            return following
        if word.startswith("--format="):
            return word.partition("=")[2]
    return "docx,pdf"
