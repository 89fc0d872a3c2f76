"""Review of checked claims (issue 5): the store, the append-only log and the evidence layer."""
