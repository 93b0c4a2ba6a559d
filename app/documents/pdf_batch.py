"""PDF rendering in a second process while the first writes the DOCX files: reportlab's
import and the font subsetting then cost no wall time on a machine with two cores.

The worker is this program started again with `PDF_WORKER_FLAG` (app/launch.py hands it to
`serve` before anything else is imported), its jobs and its answer pickled over its standard
input and output. Not multiprocessing: its spawned process imports the parent's main module
(the whole command line) before its own work, and on Linux it starts a resource tracker, a
third Python — together 40 ms of a 400 ms command on two cores."""

from __future__ import annotations

import gc
import os
import pickle
import subprocess
import sys
import threading
from contextlib import redirect_stdout, suppress
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from app import PDF_WORKER_FLAG

if TYPE_CHECKING:
    from app.documents.model import Document

Jobs = list[tuple["Document", Path]]


def worker_command() -> list[str]:
    """The packaged build runs its own executable. From source, `-P`: the folder the command
    was started in is not put on the worker's path (an `app` or a `pickle.py` there would be
    run instead); this package is found through PYTHONPATH (`_worker_environment`)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, PDF_WORKER_FLAG]
    return [sys.executable, "-P", "-m", "app", PDF_WORKER_FLAG]


def _worker_environment() -> dict[str, str] | None:
    """From source, this package's folder is added to the worker's path (after the user's:
    for an installed app that folder is site-packages); the packaged build needs nothing."""
    if getattr(sys, "frozen", False):
        return None
    root = str(Path(__file__).resolve().parent.parent.parent)
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": (path + os.pathsep if path else "") + root}


# Windows: a command run without a console (a scheduled task) would give its worker a console
# window of its own; the worker's output is its pipes and the command's own error stream.
_NO_WINDOW = getattr(subprocess, "CREATE_NO_WINDOW", 0)


class PdfWorker:
    """A process that loads reportlab and the fonts at once, then writes the PDFs it is sent."""

    def __init__(self) -> None:
        try:
            self._process: subprocess.Popen[bytes] | None = subprocess.Popen(
                worker_command(),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=_worker_environment(),
                creationflags=_NO_WINDOW,
            )
        except OSError:  # it could not be started: this process writes the PDFs itself
            self._process = None
        self._sender: threading.Thread | None = None
        self._sent = False
        self.wrote = False  # it answered that the PDFs were written (the self-test asks)

    def start(self, jobs: Jobs) -> None:
        """Send the jobs without waiting: the worker reads them once its fonts are loaded, and
        a pipe holds 4 KB on Windows — this process writes the DOCX files meanwhile."""
        self._sent = False
        if self._process is None:
            return
        absolute = [(document, target.absolute()) for document, target in jobs]
        payload = pickle.dumps(absolute, pickle.HIGHEST_PROTOCOL)
        self._sender = threading.Thread(target=self._send, args=(payload,), daemon=True)
        self._sender.start()

    def _send(self, payload: bytes) -> None:
        assert self._process is not None and self._process.stdin is not None
        try:
            self._process.stdin.write(payload)
            self._process.stdin.flush()
            self._sent = True
        except (OSError, ValueError):  # the worker is gone already: finished() says so
            pass

    def finished(self) -> bool:
        """True once the worker wrote the files; its error (a full disk, …) is raised here;
        False when it died before writing them (killed, out of memory, it printed where its
        answer goes): the caller writes them."""
        if self._sender is None or self._process is None:
            return False
        self._sender.join()
        self._sender = None
        if not self._sent:
            return False
        self._sent = False
        try:
            error = pickle.load(self._process.stdout)
        except Exception:  # anything but an answer: the worker is not to be trusted
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
        if self._sender is not None:
            self._sender.join()  # its write ends with the worker
        for pipe in (process.stdin, process.stdout):
            with suppress(OSError):  # what was left unsent in a dead worker's pipe
                pipe.close()


def serve(jobs_in: BinaryIO | None = None, answers: BinaryIO | None = None) -> None:
    """The worker's loop: a list of jobs in, None or the exception out, until its input ends.
    Anything printed goes to standard error: standard output carries the answers alone."""
    jobs_in = jobs_in or sys.stdin.buffer
    answers = answers or sys.stdout.buffer
    gc.disable()  # reportlab's modules and the fonts live as long as the worker: a collection
    with redirect_stdout(sys.stderr):  # while they load would walk them again and again
        from app.documents.pdf_renderer import register_fonts

        register_fonts()  # while the other process is still filling the forms
        gc.freeze()
        gc.enable()
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
