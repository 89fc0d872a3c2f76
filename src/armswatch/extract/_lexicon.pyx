# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The compiled form of ``lexicon.per_sentence``: steps 3-4 for every sentence of a document in
one C pass (optional: armswatch runs the same steps in Python when this module is not built).

One Aho-Corasick automaton, made a dense table (state x character class), walks the lower-cased
document; each hit is a party name (kept when it is a whole word written with a capital, as
``parties.party_spans`` keeps it) and/or a trigger prefix (``triggers.Hits``). The results are
handed out per sentence as ``lexicon.per_sentence_python`` hands them: equal output is tested on
own sentences and generated text (tests/test_extract_compiled.py).
"""

from libc.stdlib cimport free, malloc, qsort, realloc
from libc.string cimport memset


cdef extern from "Python.h":
    int PyUnicode_KIND(object text)
    void *PyUnicode_DATA(object text)
    Py_UCS4 PyUnicode_READ(int kind, void *data, Py_ssize_t index) nogil
    bint Py_UNICODE_ISLOWER(Py_UCS4 ch) nogil
    bint Py_UNICODE_ISUPPER(Py_UCS4 ch) nogil
    bint Py_UNICODE_ISALNUM(Py_UCS4 ch) nogil


cdef struct PartyCandidate:
    Py_ssize_t start
    Py_ssize_t length
    int word


cdef struct TriggerHit:
    Py_ssize_t start
    Py_ssize_t stop
    int word


cdef int _by_start_longest(const void *a, const void *b) noexcept nogil:
    cdef const PartyCandidate *x = <const PartyCandidate *>a
    cdef const PartyCandidate *y = <const PartyCandidate *>b
    if x.start != y.start:
        return -1 if x.start < y.start else 1
    if x.length != y.length:
        return -1 if x.length > y.length else 1
    return 0


cdef int _by_start_stop(const void *a, const void *b) noexcept nogil:
    cdef const TriggerHit *x = <const TriggerHit *>a
    cdef const TriggerHit *y = <const TriggerHit *>b
    if x.start != y.start:
        return -1 if x.start < y.start else 1
    if x.stop != y.stop:
        return -1 if x.stop < y.stop else 1
    return 0


cdef class Scanner:
    """The automaton over ``words``: ``(word, party entry or None, pattern ids or None)``."""

    cdef int classes, states
    cdef unsigned char *char_class  # by code point below 65536; 0: in no word
    cdef int *delta  # states x classes
    cdef int *out_start
    cdef int *out_count
    cdef int *out_words
    cdef int *length  # per word
    cdef unsigned char *is_party
    cdef unsigned char *exact_case
    cdef int *ids_start
    cdef int *ids_count
    cdef int *ids
    cdef list party, form, id_objects
    cdef object mention, made

    def __cinit__(self):
        self.char_class = NULL
        self.delta = NULL
        self.out_start = self.out_count = self.out_words = NULL
        self.length = self.ids_start = self.ids_count = self.ids = NULL
        self.is_party = self.exact_case = NULL

    def __dealloc__(self):
        free(self.char_class)
        free(self.delta)
        free(self.out_start)
        free(self.out_count)
        free(self.out_words)
        free(self.length)
        free(self.is_party)
        free(self.exact_case)
        free(self.ids_start)
        free(self.ids_count)
        free(self.ids)

    def __init__(self, list words, mention, made):
        """``mention``: the class the party mentions are made of (``PartyMention``); ``made``:
        the regex that tells "Russian-made" from "Russian" (``parties.MADE``)."""
        cdef int count = len(words)
        cdef int w, s, t, c, k, root_child
        self.mention, self.made = mention, made
        alphabet = sorted({ch for word, _, _ in words for ch in word})
        if len(alphabet) > 254 or any(ord(ch) >= 65536 for ch in alphabet):
            raise ValueError("the words use more or other characters than the table holds")
        self.classes = len(alphabet) + 1
        self.char_class = <unsigned char *>malloc(65536)
        self.length = <int *>malloc(max(count, 1) * sizeof(int))
        self.is_party = <unsigned char *>malloc(max(count, 1))
        self.exact_case = <unsigned char *>malloc(max(count, 1))
        self.ids_start = <int *>malloc(max(count, 1) * sizeof(int))
        self.ids_count = <int *>malloc(max(count, 1) * sizeof(int))
        if not (self.char_class and self.length and self.is_party and self.exact_case
                and self.ids_start and self.ids_count):
            raise MemoryError()
        memset(self.char_class, 0, 65536)
        for c, ch in enumerate(alphabet, 1):
            self.char_class[ord(ch)] = c

        # the trie, and each word's data
        children: list[dict[int, int]] = [{}]
        terminal = [-1]
        self.party, self.form = [], []
        flat_ids: list[int] = []
        for w, (word, entry, pattern_ids) in enumerate(words):
            s = 0
            for ch in word:
                c = self.char_class[ord(ch)]
                t = children[s].get(c, -1)
                if t < 0:
                    t = len(children)
                    children[s][c] = t
                    children.append({})
                    terminal.append(-1)
                s = t
            terminal[s] = w
            self.length[w] = len(word)
            self.is_party[w] = entry is not None
            self.exact_case[w] = entry is not None and entry.exact_case
            self.party.append(None if entry is None else entry.party)
            self.form.append(None if entry is None else entry.form)
            self.ids_start[w] = len(flat_ids)
            self.ids_count[w] = 0 if pattern_ids is None else len(pattern_ids)
            flat_ids.extend(pattern_ids or ())
        self.ids = <int *>malloc(max(len(flat_ids), 1) * sizeof(int))
        if not self.ids:
            raise MemoryError()
        for k, t in enumerate(flat_ids):
            self.ids[k] = t
        self.id_objects = list(range(max(flat_ids, default=-1) + 1))

        # the dense transition table, breadth first (a state's fallback is shallower, so done)
        self.states = len(children)
        self.delta = <int *>malloc(<size_t>self.states * self.classes * sizeof(int))
        if not self.delta:
            raise MemoryError()
        fail = [0] * self.states
        outputs: list[list[int]] = [[] for _ in range(self.states)]
        order = []
        for c in range(self.classes):
            root_child = children[0].get(c, 0)
            self.delta[c] = root_child
            if root_child:
                order.append(root_child)
        at = 0
        while at < len(order):
            s = order[at]
            at += 1
            outputs[s] = ([terminal[s]] if terminal[s] >= 0 else []) + outputs[fail[s]]
            for c in range(self.classes):
                t = children[s].get(c, -1)
                if t >= 0:
                    fail[t] = self.delta[fail[s] * self.classes + c]
                    self.delta[s * self.classes + c] = t
                    order.append(t)
                else:
                    self.delta[s * self.classes + c] = self.delta[fail[s] * self.classes + c]
        total = sum(len(found) for found in outputs)
        self.out_start = <int *>malloc(self.states * sizeof(int))
        self.out_count = <int *>malloc(self.states * sizeof(int))
        self.out_words = <int *>malloc(max(total, 1) * sizeof(int))
        if not (self.out_start and self.out_count and self.out_words):
            raise MemoryError()
        k = 0
        for s in range(self.states):
            self.out_start[s] = k
            self.out_count[s] = len(outputs[s])
            for w in outputs[s]:
                self.out_words[k] = w
                k += 1

    def per_sentence(self, str text, str low, spans):
        """``(positions, parties)`` per span of ``spans`` (sorted, not overlapping): each span's
        trigger positions (``triggers.Positions``) and party mentions (``PartyMention``, longest
        first where two overlap), with offsets relative to the span. ``low`` is
        ``normalise.lowered(text)`` with no letter that ``triggers.fold_lowered`` changes."""
        cdef Py_ssize_t n = len(low), i, start, stop, last, first, end, span_start, span_end, at
        cdef int low_kind = PyUnicode_KIND(low), kind = PyUnicode_KIND(text)
        cdef void *low_data = PyUnicode_DATA(low)
        cdef void *data = PyUnicode_DATA(text)
        cdef Py_UCS4 ch
        cdef int state = 0, j, w, k, c
        cdef Py_ssize_t party_count = 0, party_room = 64, hit_count = 0, hit_room = 128
        cdef PartyCandidate *candidates
        cdef TriggerHit *hits
        cdef void *grown
        if len(text) != n:
            raise ValueError("text and low differ in length")
        candidates = <PartyCandidate *>malloc(party_room * sizeof(PartyCandidate))
        hits = <TriggerHit *>malloc(hit_room * sizeof(TriggerHit))
        try:
            if not candidates or not hits:
                raise MemoryError()
            for i in range(n):
                ch = PyUnicode_READ(low_kind, low_data, i)
                c = self.char_class[ch] if ch < 65536 else 0
                state = self.delta[state * self.classes + c]
                for j in range(self.out_start[state], self.out_start[state] + self.out_count[state]):
                    w = self.out_words[j]
                    start = i - self.length[w] + 1
                    stop = i + 1
                    if self.ids_count[w]:
                        if hit_count == hit_room:
                            hit_room *= 2
                            grown = realloc(hits, hit_room * sizeof(TriggerHit))
                            if not grown:
                                raise MemoryError()
                            hits = <TriggerHit *>grown
                        hits[hit_count].start = start
                        hits[hit_count].stop = stop
                        hits[hit_count].word = w
                        hit_count += 1
                    if not self.is_party[w]:
                        continue
                    ch = PyUnicode_READ(kind, data, start)
                    if Py_UNICODE_ISLOWER(ch):
                        continue  # neither a name nor an acronym as written
                    if start > 0 and Py_UNICODE_ISALNUM(PyUnicode_READ(kind, data, start - 1)):
                        continue  # part of a longer word
                    if stop < n and Py_UNICODE_ISALNUM(PyUnicode_READ(kind, data, stop)):
                        continue
                    if self.exact_case[w]:
                        if not text[start:stop].replace(".", "").isupper():
                            continue  # an acronym is written in capitals
                    elif not Py_UNICODE_ISUPPER(ch):
                        continue  # a name starts with one
                    if party_count == party_room:
                        party_room *= 2
                        grown = realloc(candidates, party_room * sizeof(PartyCandidate))
                        if not grown:
                            raise MemoryError()
                        candidates = <PartyCandidate *>grown
                    candidates[party_count].start = start
                    candidates[party_count].length = stop - start
                    candidates[party_count].word = w
                    party_count += 1
            qsort(candidates, party_count, sizeof(PartyCandidate), _by_start_longest)
            qsort(hits, hit_count, sizeof(TriggerHit), _by_start_stop)

            # the mentions kept: none inside a longer one kept before
            kept = 0
            last = 0
            for k in range(party_count):
                if candidates[k].start >= last:
                    last = candidates[k].start + candidates[k].length
                    candidates[kept] = candidates[k]
                    kept += 1

            positions_out = []
            parties_out = []
            first = 0  # trigger hit
            at = 0  # party mention
            for span in spans:
                span_start, span_end = span.start, span.end
                while first < hit_count and hits[first].start < span_start:
                    first += 1
                found = {}
                while first < hit_count and hits[first].start < span_end:
                    if hits[first].stop <= span_end:
                        position = hits[first].start - span_start
                        w = hits[first].word
                        for j in range(self.ids_start[w], self.ids_start[w] + self.ids_count[w]):
                            key = self.id_objects[self.ids[j]]
                            seen = found.get(key)
                            if seen is None:
                                found[key] = [position]
                            elif seen[len(seen) - 1] != position:
                                seen.append(position)
                    first += 1
                positions_out.append(found)
                while at < kept and candidates[at].start < span_start:
                    at += 1
                local = []
                while at < kept and candidates[at].start < span_end:
                    start = candidates[at].start
                    stop = start + candidates[at].length
                    if stop <= span_end:  # not one that runs on into the next sentence
                        w = candidates[at].word
                        made = False
                        possessive = False
                        if stop < n:
                            ch = PyUnicode_READ(kind, data, stop)
                            if ch == u"-":
                                made = self.made.match(text[stop:stop + 14]) is not None
                            elif ch == u"'" and stop + 1 < n:
                                ch = PyUnicode_READ(kind, data, stop + 1)
                                possessive = ch == u"s" or ch == u" "
                        local.append(self.mention(start - span_start, stop - span_start,
                                                  self.party[w], self.form[w], made, possessive))
                    at += 1
                parties_out.append(local)
            return positions_out, parties_out
        finally:
            free(candidates)
            free(hits)
