"""SIPRI's data for armswatch, apart from the code (issue 20): Parquet tables, manifest.json and
NOTICE.md (SIPRI's terms and the releases) in this folder. armswatch.store.bundle finds it here."""

from pathlib import Path

DATA = Path(__file__).resolve().parent
