"""Errors of the document engine, importable without loading it (the GUI checks for them on
its start-up path, where the forms engine is not loaded yet)."""

from app.errors import UserError


class FormError(UserError):
    """A form file that cannot be used; the message names the file and where."""
