"""The deal index read lazily (a short check, issue 17) holds the same deals, in the same order,
as the index read whole: over every recipient and pair of the bundled register."""

from __future__ import annotations

from armswatch.reconcile import index as deal_index
from armswatch.reconcile.index import DealIndex
from armswatch.store.views import release_view


def test_lazy_index_equals_the_whole_one(bundled_db):
    whole = DealIndex.load(release_view(bundled_db))
    lazy = DealIndex.load(release_view(bundled_db), lazy=True)
    assert (lazy.release_id, lazy.last_year) == (whole.release_id, whole.last_year)
    assert lazy.by_pair == {}  # nothing read yet
    recipients = sorted(whole.by_recipient)
    assert len(recipients) > deal_index.LAZY_RECIPIENTS  # so the switch to a whole read is met
    for recipient in recipients:
        suppliers = tuple(sorted({d.supplier for d in whole.recipient(recipient)}))
        assert lazy.recipient(recipient) == whole.recipient(recipient)
        for supplier in suppliers:
            assert lazy.pair((supplier,), recipient) == whole.pair((supplier,), recipient)
        assert lazy.pair(suppliers, recipient) == whole.pair(suppliers, recipient)
    assert lazy.source is None  # past LAZY_RECIPIENTS recipients it read the release whole
    assert lazy.by_pair == whole.by_pair


def test_lazy_index_reads_only_the_recipients_asked_for(bundled_db):
    lazy = DealIndex.load(release_view(bundled_db), lazy=True)
    deals = lazy.pair(("Russia",), "Myanmar")
    assert deals and all((d.supplier, d.recipient) == ("Russia", "Myanmar") for d in deals)
    assert lazy.recipient("Atlantis") == []
    assert set(lazy.by_recipient) == {"Myanmar", "Atlantis"}
    assert lazy.source is not None
