"""The one door to the database (STYLE.md §11), by its short name: ``db.connect``,
``db.resolve_path``. The code is in the store layer (store/connection.py, store/schema.py;
store/database.py has the ``Store`` handle); docs/architecture.md.
"""

from armswatch.store.connection import (ANNOUNCE_AFTER, ENV_VAR, WAIT_SECONDS, announce, connect,
                                        default_path, locked, open_file, open_waiting,
                                        resolve_path, waiting)
from armswatch.store.schema import MEMORY, ensure_schema, memory, schema_sql

__all__ = ["ANNOUNCE_AFTER", "ENV_VAR", "MEMORY", "WAIT_SECONDS", "announce", "connect",
           "default_path", "ensure_schema", "locked", "memory", "open_file", "open_waiting",
           "resolve_path", "schema_sql", "waiting"]
