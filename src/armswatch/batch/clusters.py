"""Same claim, many sources: transfer claims folded into claim clusters, ranked by sources.

A cluster is one supplier, recipient, system (its designation or, failing that, the words as
written, compared without case or punctuation) and status, with compatible years: claims sorted by
year start a new cluster where the gap to the previous year exceeds ``YEAR_GAP``; a claim with no
year joins the latest cluster of its kind. A cluster's verdict is the strongest any of its claims
got (documented > partly documented > undocumented > not checkable): one source with the detail
that matches the register documents the transfer for all.
"""

from __future__ import annotations

import fsspec
import pyarrow as pa
import pyarrow.dataset as ds
from pyarrow.fs import FSSpecHandler, PyFileSystem

from armswatch import db
from armswatch.batch.output import attribution as file_attribution
from armswatch.batch.output import written_shards
from armswatch.errors import UsageError
from armswatch.model import TRANSFER_VERDICTS

YEAR_GAP = 2
VERDICT_ORDER = TRANSFER_VERDICTS   # the register's support, strongest first

_CLUSTERS = """
WITH t AS (
    SELECT *, lower(regexp_replace(coalesce(designation, weapon, weapon_generic, ''),
                                   '[^A-Za-z0-9]+', '', 'g')) AS system_key
    FROM claims WHERE kind = 'transfer' AND supplier IS NOT NULL AND recipient IS NOT NULL
), g AS (
    SELECT *, CASE WHEN year - lag(year) OVER w > $gap THEN 1 ELSE 0 END AS starts
    FROM t WINDOW w AS (PARTITION BY supplier, recipient, system_key, status
                        ORDER BY year NULLS LAST, published, document_id, claim_index)
), c AS (
    SELECT *, sum(starts) OVER (PARTITION BY supplier, recipient, system_key, status
                                ORDER BY year NULLS LAST, published, document_id, claim_index
                                ROWS UNBOUNDED PRECEDING) AS part
    FROM g
), k AS (
    SELECT supplier, recipient, mode(coalesce(weapon, designation, weapon_generic)) AS system,
           status, min(year) AS year_first, max(year) AS year_last,
           count(DISTINCT document_sha256) AS sources, count(DISTINCT outlet) AS outlets,
           count(*) AS claims, min(published) AS first_seen,
           list_element($verdicts, min(list_position($verdicts, verdict))) AS verdict,
           list_sort(list_distinct(flatten(list(deal_ids)))) AS deal_ids,
           list_sort(list_distinct(list(url)))[1:5] AS urls,
           arg_min(evidence_text, (published, document_id, claim_index)) AS evidence
    FROM c GROUP BY supplier, recipient, system_key, status, part
)
SELECT row_number() OVER (ORDER BY sources DESC, outlets DESC, first_seen, supplier, recipient,
                                   system, year_first) AS rank, *
FROM k WHERE $verdict = 'any' OR verdict = $verdict
ORDER BY rank LIMIT $top
"""


def summarise(checked: str, top: int = 50, verdict: str = "undocumented") -> pa.Table:
    """The ``top`` claim clusters of a checked dataset (``batch check``'s output) with the given
    verdict (or 'any'), most sources first, with first-seen date, sources and deals."""
    choices = (*VERDICT_ORDER, "any")
    if verdict not in choices:
        raise UsageError(f"--verdict must be one of {', '.join(choices)}.", choices=list(choices))
    if top < 1:
        raise UsageError("--top must be 1 or more.")
    con = db.memory()
    con.register("claims", _dataset(checked))
    return con.sql(_CLUSTERS, params={"gap": YEAR_GAP, "verdicts": list(VERDICT_ORDER),
                                      "verdict": verdict, "top": top}).to_arrow_table()


def attribution(checked: str) -> str | None:
    """SIPRI's attribution line, as the checked dataset's files carry it."""
    paths = sorted(written_shards(checked).values())
    return file_attribution(paths[0]) if paths else None


def _dataset(path: str) -> ds.Dataset:
    fs, root = fsspec.core.url_to_fs(path)
    if not fs.exists(root) or not fs.glob(f"{root.rstrip('/')}/shard=*/*.parquet"):
        raise UsageError(f"No checked claims under {path!r}: give the --out folder of "
                         f"`armswatch batch check`.")
    dataset = ds.dataset(root, format="parquet", partitioning="hive",
                         filesystem=PyFileSystem(FSSpecHandler(fs)))
    if "verdict" not in dataset.schema.names:
        raise UsageError(f"{path!r} holds claims without verdicts: run `armswatch batch check "
                         f"{path} --out CHECKED` and summarise CHECKED.")
    return dataset
