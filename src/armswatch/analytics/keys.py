"""The ``by`` keys of a flows query, read the same way by the CLI and the API (issue 14, finding 11):
``--by year,supplier`` and ``--by year --by supplier`` (``by=year,supplier`` and ``by=year&by=supplier``)
mean the same grouping."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from armswatch.analytics.flows import DIMENSIONS, Dimension
from armswatch.errors import UsageError

# One value of ``by``: a key, or several separated by commas (for the OpenAPI document).
BY_PATTERN = rf"^\s*({'|'.join(DIMENSIONS)})\s*(,\s*({'|'.join(DIMENSIONS)})\s*)*$"


def parse_by(values: Iterable[str]) -> tuple[Dimension, ...]:
    """The keys in order; an unknown or repeated key is a ``bad-request`` naming ``by``."""
    keys: list[str] = []
    for value in values:
        for key in (part.strip() for part in value.split(",")):
            if key not in DIMENSIONS:
                raise UsageError(f"Unknown --by key {key!r}. Choose from: {', '.join(DIMENSIONS)} "
                                 "(several: by=year,supplier or by=year&by=supplier).",
                                 field="by", choices=list(DIMENSIONS))
            if key in keys:
                raise UsageError(f"The --by key {key!r} is given twice; name each key once.",
                                 field="by")
            keys.append(key)
    return cast(tuple[Dimension, ...], tuple(keys))
