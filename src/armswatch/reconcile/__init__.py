"""documents → extract → reconcile: claims checked against the register (issue 5)."""
