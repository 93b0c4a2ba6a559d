"""The package's error, importable without loading the package code (the CLI reports it)."""


class PackageError(Exception):
    """A package cannot be made or read; the message says why, in Vietnamese."""
