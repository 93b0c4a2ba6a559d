"""The dossier's PDF worker (documents/pdf_batch.py): this program started again with its flag,
jobs and answers pickled over its standard input and output; and the regex reportlab compiles on
import, deferred until it is used (documents/deferred_regex.py)."""

from __future__ import annotations

import io
import os
import pickle
import re
import subprocess
import sys

from app import PDF_WORKER_FLAG
from app.documents import pdf_batch
from app.documents.deferred_regex import URL_FLAGS, URL_PATTERN, CompiledOnFirstUse
from app.documents.pdf_batch import PdfWorker, serve, worker_command
from tests.office import pdf_text
from tests.sample_documents import to_trinh


def test_the_worker_writes_to_a_path_relative_to_where_the_command_was_started(
    tmp_path, monkeypatch
):
    """`thidua dossier build --out ho-so` from any folder: the worker, found by its package
    path rather than the folder, writes where the command means."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ho-so").mkdir()
    worker = PdfWorker()
    try:
        worker.start([(to_trinh(1), pdf_batch.Path("ho-so") / "a.pdf")])
        assert worker.finished()
    finally:
        worker.close()
    assert "TỜ TRÌNH" in pdf_text(tmp_path / "ho-so" / "a.pdf")[0]


def test_the_worker_is_the_program_itself_with_its_flag(monkeypatch):
    assert worker_command() == [sys.executable, "-P", "-m", "app", PDF_WORKER_FLAG]
    monkeypatch.setattr(sys, "frozen", True, raising=False)  # the PyInstaller build
    assert worker_command() == [sys.executable, PDF_WORKER_FLAG]


def test_the_flag_starts_the_worker_which_ends_with_its_input():
    done = subprocess.run(
        worker_command(),
        input=b"",
        capture_output=True,
        timeout=60,
        env=pdf_batch._worker_environment(),
    )
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout == b""  # the window and the command line were never started


def test_serve_answers_each_batch_and_keeps_printing_off_its_answers(tmp_path, capsys):
    (tmp_path / "tep").write_text("a file where the folder should be")
    jobs = io.BytesIO()
    pickle.dump([(to_trinh(1), tmp_path / "a.pdf")], jobs)
    pickle.dump([(to_trinh(1), tmp_path / "tep" / "b.pdf")], jobs)
    jobs.seek(0)
    answers = io.BytesIO()
    serve(jobs, answers)
    answers.seek(0)
    assert pickle.load(answers) is None
    error = pickle.load(answers)
    assert isinstance(error, OSError) and "tep" in str(error)
    assert (tmp_path / "a.pdf").stat().st_size > 10_000
    assert capsys.readouterr().out == ""


def test_a_worker_that_could_not_start_leaves_the_pdfs_to_this_process(monkeypatch):
    def refused(*args, **kwargs):
        raise OSError("no such program")

    monkeypatch.setattr(pdf_batch.subprocess, "Popen", refused)
    worker = PdfWorker()
    worker.start([(to_trinh(1), pdf_batch.Path("a.pdf"))])
    assert worker.finished() is False  # nothing was sent: the caller writes them
    worker.close()


def test_reportlab_compiles_its_url_pattern_only_when_it_is_used():
    """In a fresh process as the worker is: reportlab's expression is still the one deferred
    (else reportlab changed it: copy its new text into deferred_regex.URL_PATTERN)."""
    code = (
        "import app.documents.pdf_renderer\n"
        "from reportlab.platypus import paragraph\n"
        "print(type(paragraph.uri_pat).__name__, paragraph.uri_pat._pattern is None)\n"
        "print(paragraph.uri_pat.pattern == app.documents.deferred_regex.URL_PATTERN)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.split() == ["CompiledOnFirstUse", "True", "True"]


def test_the_deferred_pattern_matches_as_the_compiled_one():
    deferred = CompiledOnFirstUse(URL_PATTERN, URL_FLAGS)
    compiled = re.compile(URL_PATTERN, URL_FLAGS)
    samples = [
        "http://thanhtra.langson.gov.vn/van-ban?id=12",
        "HTTPS://Cổng-thông-tin.VN/tin",
        "ftp://user:pw@192.168.1.20:2121/a",
        "https://[2001:db8::1]/x",
        "http://localhost:8080",
        "không phải đường dẫn",
        "http://-bad-.vn",
        "",
    ]
    for text in samples:
        ours, theirs = deferred.match(text), compiled.match(text)
        assert (ours and ours.groups()) == (theirs and theirs.groups()), text
    assert deferred.flags == compiled.flags and deferred.pattern == compiled.pattern


def test_the_deferred_pattern_is_found_by_re_compile_then_replaced_by_the_real_one(monkeypatch):
    from app.documents import deferred_regex

    key = (str, URL_PATTERN, URL_FLAGS.value)
    monkeypatch.setattr(re, "_cache", {k: v for k, v in re._cache.items() if k != key})
    assert deferred_regex.defer_url_pattern()
    stand_in = re.compile(URL_PATTERN, URL_FLAGS)
    assert isinstance(stand_in, CompiledOnFirstUse)
    assert stand_in.match("http://a.vn") is not None  # compiled now, not through re.compile
    assert isinstance(stand_in._pattern, re.Pattern)


def test_the_packaged_build_starts_its_worker_with_the_users_environment(monkeypatch):
    """PyInstaller's build finds its modules itself: PYTHONPATH is set only from source."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert pdf_batch._worker_environment() is None
    monkeypatch.delattr(sys, "frozen")
    monkeypatch.setenv("PYTHONPATH", "mine")
    assert pdf_batch._worker_environment()["PYTHONPATH"].split(os.pathsep) == [
        "mine",
        str(pdf_batch.Path(pdf_batch.__file__).resolve().parent.parent.parent),
    ]


def test_an_app_folder_where_the_command_is_started_is_not_run_as_the_worker(tmp_path, monkeypatch):
    """A clerk's folder (or an old copy of the code) holding an `app` of its own."""
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "__main__.py").write_text("print('not ours')\n")
    (tmp_path / "ho-so").mkdir()
    monkeypatch.chdir(tmp_path)
    worker = PdfWorker()
    try:
        worker.start([(to_trinh(1), pdf_batch.Path("ho-so") / "a.pdf")])
        assert worker.finished() and worker.wrote
    finally:
        worker.close()


def test_a_worker_dead_before_its_jobs_leaves_them_to_this_process_and_closes_quietly(
    monkeypatch,
):
    monkeypatch.setattr(pdf_batch, "worker_command", lambda: [sys.executable, "-c", "pass"])
    worker = PdfWorker()
    worker._process.wait()  # gone before any job was sent
    worker.start([(to_trinh(1), pdf_batch.Path("a.pdf"))])
    assert worker.finished() is False
    worker.close()  # what was left unsent is not an error


def test_a_worker_printing_where_its_answer_goes_is_not_trusted(tmp_path, monkeypatch):
    chatty = "import sys; sys.stdin.buffer.read(); print('Info: done')"
    monkeypatch.setattr(pdf_batch, "worker_command", lambda: [sys.executable, "-c", chatty])
    worker = PdfWorker()
    try:
        worker.start([(to_trinh(1), tmp_path / "a.pdf")])
        worker._process.stdin.close()  # as if the worker read all and printed
        assert worker.finished() is False  # the caller writes them itself
    finally:
        worker.close()


def test_an_error_keeps_its_words_through_the_worker(tmp_path):
    from app.store.errors import FileHeldOpen

    error = pickle.loads(pickle.dumps(FileHeldOpen(tmp_path / "a.pdf")))
    assert isinstance(error, FileHeldOpen) and error.path == tmp_path / "a.pdf"
    assert str(error).count("Tệp") == 1 and str(error).count("đang được mở") == 1
