"""Hồ sơ Thi đua — commendation dossiers for Vietnamese public offices."""

__version__ = "0.1.0"
APP_NAME = "Hồ sơ Thi đua"
PDF_WORKER_FLAG = "--pdf-worker"  # this program started again as a dossier build's PDF worker
