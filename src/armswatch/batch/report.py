"""What a batch run reports: per shard, and for the run (documents read, skipped with reasons,
claims found, shards done, resumed and failed, time)."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field


@dataclass
class ShardReport:
    shard: str
    input: str
    documents: int = 0
    skipped: dict[str, int] = field(default_factory=dict)   # problem code → documents
    problems: list[dict] = field(default_factory=list)      # the first few, with their source
    claims: int = 0
    verdicts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    failed: dict | None = None                              # {code, message} when not written
    resumed: bool = False                                   # written by an earlier run

    MAX_PROBLEMS = 20


@dataclass
class RunReport:
    step: str                   # "extract" or "check"
    out: str
    engine: str                 # "sequential", "local cluster (2 workers)", "tcp://host:8786"
    shards: list[ShardReport]
    seconds: float
    dashboard: str | None = None

    @property
    def failed(self) -> list[ShardReport]:
        return [s for s in self.shards if s.failed]

    @property
    def documents(self) -> int:
        return sum(s.documents for s in self.shards if not s.failed)

    @property
    def claims(self) -> int:
        return sum(s.claims for s in self.shards if not s.failed)

    def skipped(self) -> dict[str, int]:
        return self._summed("skipped")

    def verdicts(self) -> dict[str, int]:
        return self._summed("verdicts")

    def _summed(self, counts: str) -> dict[str, int]:
        total: Counter[str] = Counter()
        for s in self.shards:
            total.update(getattr(s, counts))
        return dict(sorted(total.items()))

    def to_dict(self) -> dict[str, object]:
        done = [s for s in self.shards if not s.failed]
        return {"step": self.step, "out": self.out, "engine": self.engine,
                "dashboard": self.dashboard, "seconds": round(self.seconds, 3),
                "shards": {"total": len(self.shards), "written": sum(not s.resumed for s in done),
                           "resumed": sum(s.resumed for s in done), "failed": len(self.failed)},
                "documents": self.documents, "skipped": self.skipped(), "claims": self.claims,
                "verdicts": self.verdicts(),
                "failed": [{"shard": s.shard, "input": s.input, **(s.failed or {})}
                           for s in self.failed],
                "per_shard": [asdict(s) for s in self.shards]}
