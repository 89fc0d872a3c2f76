"""Step 3 of armswatch: arms-transfer claims, statistics and events read from news text."""

from armswatch.extract import compiled

compiled.install()  # before any other module of the package is imported
