"""The program's entry — the `thidua` command, `python -m app` and the packaged build — and
what it does before the command line's modules load (app.cli and its imports, ~14 ms):

* `--pdf-worker`: this program started again as a dossier build's PDF worker (pdf_batch);
* `thidua dossier build` with PDF: that worker is started at once, so that reportlab and the
  fonts load while this process imports the rest and fills the forms; and the build runs
  without the cyclic garbage collector, whose ~70 passes over the modules being imported
  cost it ~10 ms — a build is short and its memory ends with it.

Nothing heavy is imported here: the window's start passes through too."""

from __future__ import annotations

import gc
import sys

from app import PDF_WORKER_FLAG
from app.cli_words import dossier_build, early_pdf_worker


def run() -> None:
    words = sys.argv[1:]
    if words[:1] == [PDF_WORKER_FLAG]:
        from app.documents.pdf_batch import serve

        serve()
        return
    if dossier_build(words):
        gc.disable()
    pdf_worker = early_pdf_worker(words)
    from app.cli import run as run_command

    run_command(pdf_worker)
