"""Learned decisions of the extractor (issue 15): training data, cross-validation and the models.

Training reads the labelled corpus (``../shared/corpus``: ``train/`` and ``dev/``), which stays
outside the repository; what it writes is small JSON (weights, vocabularies, calibration), loaded
at run time without pickle and without scikit-learn (armswatch.extract.learning.runtime).
"""
