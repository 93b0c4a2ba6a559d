import multiprocessing
import sys

from app.cli import main

if __name__ == "__main__":  # not when a worker process re-imports the main module
    multiprocessing.freeze_support()  # a packaged Windows build starting the PDF worker
    sys.exit(main())
