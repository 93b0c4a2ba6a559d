"""PDF rendering in a second process while the first writes the DOCX files: reportlab's
import and the font subsetting then cost no wall time on a machine with two cores.

Kept free of heavy imports: a spawned worker imports this module by name first."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path

from app.documents.model import Document


def start_worker() -> Executor:
    """A one-process pool, already importing reportlab and reading the fonts."""
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
    pool.submit(warm_up)
    return pool


def warm_up() -> None:
    from app.documents.pdf_renderer import register_fonts

    register_fonts()


def render_pdfs(jobs: list[tuple[Document, Path]]) -> None:
    from app.documents.pdf_renderer import render_pdf

    for document, target in jobs:
        render_pdf(document, target)
