import sys

from app.cli import run

if __name__ == "__main__":  # not when a worker process re-imports the main module
    if getattr(sys, "frozen", False):  # a packaged Windows build starting the PDF worker
        import multiprocessing

        multiprocessing.freeze_support()
    run()
