"""Writing readers' results into the database: releases, deals, deliveries, parties."""
