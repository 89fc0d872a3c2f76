"""armswatch: an open, offline monitor of the international arms trade over SIPRI's data."""

__version__ = "0.1.0"

ATTRIBUTION = "Source: SIPRI Arms Transfers Database (c) SIPRI"
MILEX_ATTRIBUTION = "Source: SIPRI Military Expenditure Database (c) SIPRI"


def open(path=None, release_id=None):  # noqa: A001  (the Python API's front door)
    """``armswatch.open()``: the Python API over the default database; see armswatch.python_api."""
    from armswatch.python_api import open as _open

    return _open(path, release_id)
