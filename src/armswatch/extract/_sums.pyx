# cython: language_level=3, boundscheck=False, wraparound=False
"""The compiled form of ``learning.runtime.dot`` and ``column_sums``: the learned models' weight
sums (optional: armswatch sums with ``math.fsum`` when this module is not built).

A model's score is the sum of the weights of a candidate's features, taken with ``math.fsum`` so
that it is exact whatever the order of the features (a set iterates in an order that changes with
the hash seed, and every batch worker must give the same confidences). This module runs the very
algorithm of CPython's ``math.fsum`` (Shewchuk's partials, then the half-even correction across
partials) in a C loop over the features, with one dictionary look-up each and no Python call per
feature: the correctly rounded sum, so bit for bit ``math.fsum``'s. Where CPython's would need
more than ``PARTIALS`` partials or meets a value that is not finite, the sum is handed to
``math.fsum`` itself. tests/test_learning_runtime_sums.py compares the two on random weights.
Built with ``-ffp-contract=off`` (setup.py): no fused multiply-add may change a rounding.

Most sums take a shorter road to the same number. A double between 2**-40 and 2**18 in magnitude
is an integer multiple of 2**-UNITS (UNITS = 92: its 53 significant bits end no lower), so a sum
of such weights is exact in a 128-bit integer counted in those units: a few integer operations a
summand, where the partials cost a loop with a branch on the data each. The integer converted to
double (rounded to nearest, ties to even: the C conversion) and scaled by 2**-UNITS (exact) is
the correctly rounded sum, which is what ``math.fsum`` returns too. A summand outside that range
(a zero aside), or more than MAX_TERMS of them, sends the sum down the partials' road instead.
(2026-12-05: the statistics model's five-class sum over 90 features 20 -> 6 us; see
docs/extraction.md.)
"""

import math

from cpython.dict cimport PyDict_GetItem
from libc.stdint cimport uint64_t
from libc.string cimport memcpy
from cpython.object cimport PyObject
from cpython.tuple cimport PyTuple_GET_ITEM, PyTuple_GET_SIZE
from libc.math cimport fabs, isfinite, ldexp

DEF PARTIALS = 32  # CPython's NUM_PARTIALS; more are needed only for sums of extreme values
DEF COLUMNS = 8  # the most models summed together by column_sums
# The integer road (above): a summand is (its 53-bit significand) << (biased exponent - LOWEST),
# taken when that shift is 0 ... MAX_SHIFT: below 2**(53 + 57) = 2**110 units, so MAX_TERMS =
# 2**16 of them stay below 2**126 and cannot overflow the signed 128-bit integer.
DEF UNITS = 92
DEF LOWEST = 983  # 1075 - UNITS: 1075 = the exponent bias 1023 + the 52 fraction bits
DEF MAX_SHIFT = 57
DEF MAX_TERMS = 65536

cdef extern from *:
    ctypedef long long int128 "__int128"  # GCC's and Clang's 128-bit integer


cdef struct Fsum:
    int n
    bint failed
    double p[PARTIALS]


cdef inline void _add(Fsum* s, double x) noexcept nogil:
    """One summand (math_fsum's inner loop)."""
    cdef int i = 0, j
    cdef double y, t, hi, yr, lo
    for j in range(s.n):
        y = s.p[j]
        if fabs(x) < fabs(y):
            t = x
            x = y
            y = t
        hi = x + y
        yr = hi - x
        lo = y - yr
        if lo != 0.0:
            s.p[i] = lo
            i += 1
        x = hi
    s.n = i
    if x != 0.0:
        if not isfinite(x) or s.n >= PARTIALS:
            s.failed = True
        else:
            s.p[s.n] = x
            s.n += 1


cdef inline bint _exact_add(int128* total, double x) noexcept nogil:
    """Adds ``x`` to the integer in units of 2**-UNITS; False if it is not such an integer in
    range (then the integer is of no use)."""
    cdef uint64_t bits
    memcpy(&bits, &x, 8)
    cdef int shift = <int>((bits >> 52) & 0x7FF) - LOWEST
    if shift < 0 or shift > MAX_SHIFT:
        return (bits << 1) == 0  # a zero (either sign) adds nothing; else out of range
    # the significand: the 52 stored bits and the leading 1 a normal double does not store
    cdef uint64_t significand = ((bits << 12) >> 12) | ((<uint64_t>1) << 52)
    cdef int128 units = (<int128>significand) << shift
    if bits >> 63:
        total[0] -= units
    else:
        total[0] += units
    return True


cdef inline double _exact_total(int128 total) noexcept nogil:
    """The integer in units of 2**-UNITS as the nearest double (exact scaling of a rounded
    conversion; |total| >= 1 keeps the result normal)."""
    return ldexp(<double>total, -UNITS)


cdef inline double _total(Fsum* s) noexcept nogil:
    """The correctly rounded sum of the partials (math_fsum's end)."""
    cdef int n = s.n
    cdef double hi = 0.0, x, y, yr, lo = 0.0
    if n > 0:
        n -= 1
        hi = s.p[n]
        while n > 0:
            x = hi
            n -= 1
            y = s.p[n]
            hi = x + y
            yr = hi - x
            lo = y - yr
            if lo != 0.0:
                break
        if n > 0 and ((lo < 0.0 and s.p[n - 1] < 0.0) or (lo > 0.0 and s.p[n - 1] > 0.0)):
            y = lo * 2.0
            x = hi + y
            yr = x - hi
            if y == yr:
                hi = x
    return hi


def dot(dict weights, features):
    """``math.fsum(map(weights.get, features, repeat(0.0)))``."""
    cdef Fsum s
    cdef PyObject* w
    cdef int128 total = 0
    cdef Py_ssize_t terms = 0
    cdef bint exact = True
    if not isinstance(features, (list, tuple, set, frozenset)):
        features = list(features)  # read again if the partials or math.fsum must take over
    for feature in features:
        w = PyDict_GetItem(weights, feature)
        if w is not NULL:
            terms += 1
            if not _exact_add(&total, <double>(<object>w)):
                exact = False
                break
    if exact and terms <= MAX_TERMS:
        return _exact_total(total)
    s.n = 0
    s.failed = False
    for feature in features:
        w = PyDict_GetItem(weights, feature)
        if w is not NULL:
            _add(&s, <double>(<object>w))
    if s.failed:
        return math.fsum([weights.get(f, 0.0) for f in features])
    return _total(&s)


def column_sums(dict merged, features, Py_ssize_t n):
    """For each column j < n of the tuples in ``merged``, the exact sum of the features' values
    (``math.fsum`` of each column; a feature not in ``merged`` adds nothing)."""
    cdef Fsum sums[COLUMNS]
    cdef int128 totals[COLUMNS]
    cdef PyObject* w
    cdef Py_ssize_t j, terms = 0
    cdef bint failed = False, exact = True
    if n > COLUMNS:
        raise ValueError(f"at most {COLUMNS} columns")
    if not isinstance(features, (list, tuple, set, frozenset)):
        features = list(features)
    for j in range(n):
        totals[j] = 0
    for feature in features:
        w = PyDict_GetItem(merged, feature)
        if w is not NULL:
            if PyTuple_GET_SIZE(<object>w) != n:
                raise ValueError("a merged weight of another length")
            terms += 1
            for j in range(n):
                exact = exact and _exact_add(&totals[j], <double>(<object>PyTuple_GET_ITEM(<object>w, j)))
            if not exact:
                break
    if exact and terms <= MAX_TERMS:
        return [_exact_total(totals[j]) for j in range(n)]
    for j in range(n):
        sums[j].n = 0
        sums[j].failed = False
    for feature in features:
        w = PyDict_GetItem(merged, feature)
        if w is not NULL:
            if PyTuple_GET_SIZE(<object>w) != n:
                raise ValueError("a merged weight of another length")
            for j in range(n):
                _add(&sums[j], <double>(<object>PyTuple_GET_ITEM(<object>w, j)))
    for j in range(n):
        failed = failed or sums[j].failed
    if failed:
        found = [v for v in map(merged.get, features) if v is not None]
        return [math.fsum(column) for column in zip(*found)] if found else [0.0] * n
    return [_total(&sums[j]) for j in range(n)]
