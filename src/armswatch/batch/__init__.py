"""Scale-out (issue 8): the extractor and the checker over sharded news archives, on Dask.

The way is the same as for one document — documents → extract → reconcile — with a batch layer
that only partitions (``shards``), maps (``engine``), and writes one Parquet file per shard
(``output``). ``clusters`` folds the same transfer reported by many outlets into one claim cluster;
``synthetic`` builds test archives of any size from the project's own sentences and the register.
"""

from armswatch.batch.runs import check_dataset, extract_archive
from armswatch.batch.clusters import summarise

__all__ = ["extract_archive", "check_dataset", "summarise"]
