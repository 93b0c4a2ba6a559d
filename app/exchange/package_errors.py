"""The package's error, importable without loading the package code (the CLI reports it)."""

from app.errors import UserError


class PackageError(UserError):
    """A package cannot be made or read; the message says why, in Vietnamese."""
