"""Hồ sơ Thi đua — commendation dossiers for Vietnamese public offices."""

__version__ = "0.1.0"
APP_NAME = "Hồ sơ Thi đua"
