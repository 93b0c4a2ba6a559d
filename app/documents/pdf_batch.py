"""PDF rendering in a second process while the first writes the DOCX files: reportlab's
import and the font subsetting then cost no wall time on a machine with two cores.

A plain process and a pipe rather than a process pool: no queues, no manager thread, and
nothing to tear down politely once the files are written (a pool's shutdown cost 30 ms).
Kept free of heavy imports: the spawned process imports this module by name first."""

from __future__ import annotations

import multiprocessing
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.documents.model import Document

Jobs = list[tuple["Document", Path]]


class PdfWorker:
    """A process that loads reportlab and the fonts at once, then writes the PDFs it is sent."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self._pipe, theirs = context.Pipe()
        self._process = context.Process(target=_serve, args=(theirs,), daemon=True)
        self._process.start()
        theirs.close()
        self._sent = False

    def start(self, jobs: Jobs) -> None:
        try:
            self._pipe.send(jobs)
            self._sent = True
        except OSError:  # the worker is gone already: finished() says so
            self._sent = False

    def finished(self) -> bool:
        """True once the worker wrote the files; its error (a full disk, …) is raised here;
        False when it died before writing them (killed, out of memory): the caller writes them."""
        if not self._sent:
            return False
        self._sent = False
        try:
            error = self._pipe.recv()
        except (EOFError, OSError):
            return False
        if error is not None:
            raise error
        return True

    def close(self) -> None:
        """Ends the worker. Its files are complete (each renamed into place before it answered),
        so it is stopped rather than left to unload its modules."""
        self._pipe.close()
        self._process.terminate()
        self._process.join()


def _serve(pipe: Connection) -> None:
    from app.documents.pdf_renderer import register_fonts

    register_fonts()  # while the other process is still filling the forms
    while True:
        try:
            jobs = pipe.recv()
        except EOFError:
            return
        try:
            render_pdfs(jobs)
        except Exception as exc:  # raised again in the other process, with its message
            pipe.send(exc)
        else:
            pipe.send(None)


def render_pdfs(jobs: Jobs) -> None:
    from app.documents.pdf_renderer import render_pdf

    for document, target in jobs:
        render_pdf(document, target)
