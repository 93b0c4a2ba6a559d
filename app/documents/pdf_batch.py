"""PDF rendering in a second process while the first writes the DOCX files: reportlab's
import and the font subsetting then cost no wall time on a machine with two cores.

The worker is this program started again with `WORKER_FLAG` (app/__main__.py hands it to
`serve` before anything else is imported), its jobs and its answer pickled over its standard
input and output. Not multiprocessing: its spawned process imports the parent's main module
(the whole command line) before its own work, and on Linux it starts a resource tracker, a
third Python — together 40 ms of a 400 ms command on two cores."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from app.documents.model import Document

Jobs = list[tuple["Document", Path]]

WORKER_FLAG = "--pdf-worker"


def worker_command() -> list[str]:
    """The packaged build runs its own executable; from source, the package is found from
    wherever the command was started (`app` is put on the worker's path)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, WORKER_FLAG]
    return [sys.executable, "-m", "app", WORKER_FLAG]


def _worker_environment() -> dict[str, str] | None:
    """From source, `app` is put on the worker's path; the packaged build needs nothing."""
    if getattr(sys, "frozen", False):
        return None
    root = str(Path(__file__).resolve().parent.parent.parent)
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": root + (os.pathsep + path if path else "")}


class PdfWorker:
    """A process that loads reportlab and the fonts at once, then writes the PDFs it is sent."""

    def __init__(self) -> None:
        try:
            self._process: subprocess.Popen[bytes] | None = subprocess.Popen(
                worker_command(),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=_worker_environment(),
            )
        except OSError:  # it could not be started: this process writes the PDFs itself
            self._process = None
        self._sent = False
        self.wrote = False  # it answered that the PDFs were written (the self-test asks)

    def start(self, jobs: Jobs) -> None:
        self._sent = False
        if self._process is None:
            return
        absolute = [(document, target.absolute()) for document, target in jobs]
        try:
            pickle.dump(absolute, self._process.stdin, pickle.HIGHEST_PROTOCOL)
            self._process.stdin.flush()
            self._sent = True
        except OSError:  # the worker is gone already: finished() says so
            pass

    def finished(self) -> bool:
        """True once the worker wrote the files; its error (a full disk, …) is raised here;
        False when it died before writing them (killed, out of memory): the caller writes them."""
        if not self._sent or self._process is None:
            return False
        self._sent = False
        try:
            error = pickle.load(self._process.stdout)
        except (EOFError, OSError, pickle.UnpicklingError):
            return False
        if error is not None:
            raise error
        self.wrote = True
        return True

    def close(self) -> None:
        """Ends the worker. Its files are complete (each renamed into place before it answered),
        so it is stopped rather than left to unload its modules."""
        if self._process is None:
            return
        process, self._process = self._process, None
        process.kill()
        process.wait()
        for pipe in (process.stdin, process.stdout):
            pipe.close()


def serve(jobs_in: BinaryIO | None = None, answers: BinaryIO | None = None) -> None:
    """The worker's loop: a list of jobs in, None or the exception out, until its input ends.
    Anything printed goes to standard error: standard output carries the answers alone."""
    jobs_in = jobs_in or sys.stdin.buffer
    answers = answers or sys.stdout.buffer
    with redirect_stdout(sys.stderr):
        from app.documents.pdf_renderer import register_fonts

        register_fonts()  # while the other process is still filling the forms
        while True:
            try:
                jobs = pickle.load(jobs_in)
            except EOFError:
                return
            try:
                render_pdfs(jobs)
            except Exception as exc:  # raised again in the other process, with its message
                answer: Exception | None = exc
            else:
                answer = None
            pickle.dump(answer, answers, pickle.HIGHEST_PROTOCOL)
            answers.flush()


def render_pdfs(jobs: Jobs) -> None:
    from app.documents.pdf_renderer import render_pdf

    for document, target in jobs:
        render_pdf(document, target)
