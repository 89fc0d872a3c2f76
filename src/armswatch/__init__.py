"""armswatch: an open, offline monitor of the international arms trade over SIPRI's data."""

__version__ = "0.1.0"

ATTRIBUTION = "Source: SIPRI Arms Transfers Database (c) SIPRI"
MILEX_ATTRIBUTION = "Source: SIPRI Military Expenditure Database (c) SIPRI"
