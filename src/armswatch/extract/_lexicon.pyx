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
from libc.string cimport memcpy, memset


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


cdef struct Found:  # what one pass found: arrays that grow
    PartyCandidate *parties
    Py_ssize_t party_count, party_room
    TriggerHit *hits
    Py_ssize_t hit_count, hit_room


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
    cdef object mention, made, region_before
    cdef frozenset america_words  # the ids of the words ``parties.AMERICA`` lists

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

    def __init__(self, list words, mention, made, america=frozenset(), region_before=None):
        """``mention``: the class the party mentions are made of (``PartyMention``); ``made``:
        the regex that tells "Russian-made" from "Russian" (``parties.MADE``); ``america`` and
        ``region_before``: the words that are no party after a region's word ("Latin America"),
        and the test of that word (``parties.AMERICA``, ``parties.region_before``)."""
        self.mention, self.made, self.region_before = mention, made, region_before
        self.america_words = frozenset(w for w, (word, entry, _) in enumerate(words)
                                       if entry is not None and word in america)
        self._read_alphabet(words)
        children, terminal = self._read_words(words)
        self._make_table(children, terminal)

    cdef _read_alphabet(self, list words):
        """One character class per character the words use; 0 for every other."""
        cdef int c
        alphabet = sorted({ch for word, _, _ in words for ch in word})
        if len(alphabet) > 254 or any(ord(ch) >= 65536 for ch in alphabet):
            raise ValueError("the words use more or other characters than the table holds")
        self.classes = len(alphabet) + 1
        self.char_class = <unsigned char *>malloc(65536)
        if not self.char_class:
            raise MemoryError()
        memset(self.char_class, 0, 65536)
        for c, ch in enumerate(alphabet, 1):
            self.char_class[ord(ch)] = c

    cdef tuple _read_words(self, list words):
        """Each word's data, and the trie: ``(children, terminal)``, the states' children by
        character class and the word each state ends (or -1)."""
        cdef int count = max(len(words), 1), w, s, t, k
        self.length = <int *>malloc(count * sizeof(int))
        self.is_party = <unsigned char *>malloc(count)
        self.exact_case = <unsigned char *>malloc(count)
        self.ids_start = <int *>malloc(count * sizeof(int))
        self.ids_count = <int *>malloc(count * sizeof(int))
        if not (self.length and self.is_party and self.exact_case and self.ids_start and self.ids_count):
            raise MemoryError()
        children: list[dict[int, int]] = [{}]
        terminal = [-1]
        self.party, self.form = [], []
        flat_ids: list[int] = []
        for w, (word, entry, pattern_ids) in enumerate(words):
            s = 0
            for ch in word:
                t = children[s].setdefault(self.char_class[ord(ch)], len(children))
                if t == len(children):
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
        return children, terminal

    cdef _make_table(self, list children, list terminal):
        """The dense transition table and each state's words, breadth first: a state's row is its
        fallback's row (shallower, so done before it) with its own children written over it."""
        cdef int s, t, c, k, w, at = 0, classes = self.classes
        self.states = len(children)
        self.delta = <int *>malloc(<size_t>self.states * classes * sizeof(int))
        if not self.delta:
            raise MemoryError()
        fail = [0] * self.states
        outputs: list[list[int]] = [[] for _ in range(self.states)]
        memset(self.delta, 0, classes * sizeof(int))
        order = []
        for c, t in children[0].items():
            self.delta[c] = t
            order.append(t)
        while at < len(order):
            s = order[at]
            at += 1
            outputs[s] = ([terminal[s]] if terminal[s] >= 0 else []) + outputs[fail[s]]
            memcpy(&self.delta[s * classes], &self.delta[<int>fail[s] * classes], classes * sizeof(int))
            for c, t in children[s].items():
                fail[t] = self.delta[<int>fail[s] * classes + c]
                self.delta[s * classes + c] = t
                order.append(t)
        self.out_start = <int *>malloc(self.states * sizeof(int))
        self.out_count = <int *>malloc(self.states * sizeof(int))
        self.out_words = <int *>malloc(max(sum(len(found) for found in outputs), 1) * sizeof(int))
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
        cdef Found found
        cdef Py_ssize_t kept, first = 0, at = 0, start, end
        if len(text) != len(low):
            raise ValueError("text and low differ in length")
        found.party_room, found.hit_room = 64, 128
        found.party_count = found.hit_count = 0
        found.parties = <PartyCandidate *>malloc(found.party_room * sizeof(PartyCandidate))
        found.hits = <TriggerHit *>malloc(found.hit_room * sizeof(TriggerHit))
        try:
            if not found.parties or not found.hits:
                raise MemoryError()
            self._walk(text, low, &found)
            qsort(found.hits, found.hit_count, sizeof(TriggerHit), _by_start_stop)
            kept = _keep_longest(&found)
            positions_out, parties_out = [], []
            for span in spans:
                start, end = span.start, span.end
                positions_out.append(self._positions(&found, &first, start, end))
                parties_out.append(self._mentions(text, &found, kept, &at, start, end))
            return positions_out, parties_out
        finally:
            free(found.parties)
            free(found.hits)

    cdef int _walk(self, str text, str low, Found *found) except -1:
        """The automaton's pass over ``low``: every trigger hit, and the party hits that are
        whole words written as a name or an acronym is (``parties.party_spans``)."""
        cdef Py_ssize_t n = len(low), i, start
        cdef int low_kind = PyUnicode_KIND(low), kind = PyUnicode_KIND(text)
        cdef void *low_data = PyUnicode_DATA(low)
        cdef void *data = PyUnicode_DATA(text)
        cdef Py_UCS4 ch
        cdef int state = 0, j, w
        for i in range(n):
            ch = PyUnicode_READ(low_kind, low_data, i)
            state = self.delta[state * self.classes + (self.char_class[ch] if ch < 65536 else 0)]
            for j in range(self.out_start[state], self.out_start[state] + self.out_count[state]):
                w = self.out_words[j]
                start = i - self.length[w] + 1
                if self.ids_count[w]:
                    if found.hit_count == found.hit_room:
                        _grow(<void **>&found.hits, &found.hit_room, sizeof(TriggerHit))
                    found.hits[found.hit_count] = TriggerHit(start, i + 1, w)
                    found.hit_count += 1
                if self.is_party[w] and self._written_as_name(text, kind, data, n, start, i + 1, w):
                    if found.party_count == found.party_room:
                        _grow(<void **>&found.parties, &found.party_room, sizeof(PartyCandidate))
                    found.parties[found.party_count] = PartyCandidate(start, i + 1 - start, w)
                    found.party_count += 1
        return 0

    cdef bint _written_as_name(self, str text, int kind, void *data, Py_ssize_t n,
                               Py_ssize_t start, Py_ssize_t stop, int w) except -1:
        cdef Py_UCS4 first = PyUnicode_READ(kind, data, start)
        if Py_UNICODE_ISLOWER(first):
            return False  # neither a name nor an acronym as written ("us" in "thus")
        if start > 0 and Py_UNICODE_ISALNUM(PyUnicode_READ(kind, data, start - 1)):
            return False  # part of a longer word
        if stop < n and Py_UNICODE_ISALNUM(PyUnicode_READ(kind, data, stop)):
            return False
        if self.exact_case[w]:  # an acronym is written in capitals ("US", not "Us")
            return text[start:stop].replace(".", "").isupper()
        if not Py_UNICODE_ISUPPER(first):  # a name starts with one
            return False
        if w in self.america_words and self.region_before(text, start):
            return False  # "Latin America": a region, not the United States (parties.party_spans)
        return True

    cdef dict _positions(self, Found *found, Py_ssize_t *first, Py_ssize_t start, Py_ssize_t end):
        """Per pattern, the positions (relative to ``start``) of the trigger hits inside
        [start, end), as ``triggers._positions``; ``first``: the next hit not handed out."""
        cdef dict out = {}
        cdef int j, w
        cdef list seen
        while first[0] < found.hit_count and found.hits[first[0]].start < start:
            first[0] += 1
        while first[0] < found.hit_count and found.hits[first[0]].start < end:
            if found.hits[first[0]].stop <= end:
                position = found.hits[first[0]].start - start
                w = found.hits[first[0]].word
                for j in range(self.ids_start[w], self.ids_start[w] + self.ids_count[w]):
                    key = self.id_objects[self.ids[j]]
                    seen = out.get(key)
                    if seen is None:
                        out[key] = [position]
                    elif seen[len(seen) - 1] != position:
                        seen.append(position)
            first[0] += 1
        return out

    cdef list _mentions(self, str text, Found *found, Py_ssize_t kept, Py_ssize_t *at,
                        Py_ssize_t start, Py_ssize_t end):
        """The party mentions wholly inside [start, end), relative to ``start``, as
        ``lexicon.parties_per_span``; ``at``: the next mention not handed out."""
        cdef list out = []
        cdef Py_ssize_t n = len(text), p_start, p_stop
        cdef int kind = PyUnicode_KIND(text), w
        cdef void *data = PyUnicode_DATA(text)
        cdef Py_UCS4 after
        while at[0] < kept and found.parties[at[0]].start < start:
            at[0] += 1
        while at[0] < kept and found.parties[at[0]].start < end:
            p_start = found.parties[at[0]].start
            p_stop = p_start + found.parties[at[0]].length
            if p_stop <= end:  # not one that runs on into the next sentence
                w = found.parties[at[0]].word
                made = possessive = False
                if p_stop < n:
                    after = PyUnicode_READ(kind, data, p_stop)
                    if after == u"-":  # "Russian-made"
                        made = self.made.match(text[p_stop:p_stop + 14]) is not None
                    elif after == u"'" and p_stop + 1 < n:  # "Myanmar's", "the Philippines' "
                        after = PyUnicode_READ(kind, data, p_stop + 1)
                        possessive = after == u"s" or after == u" "
                out.append(self.mention(p_start - start, p_stop - start, self.party[w], self.form[w],
                                        made, possessive))
            at[0] += 1
        return out


cdef Py_ssize_t _keep_longest(Found *found) noexcept nogil:
    """Sorts the party hits by start, longest first, and keeps those not inside a longer one kept
    before (moved to the front); returns how many."""
    cdef Py_ssize_t k, kept = 0, last = 0
    qsort(found.parties, found.party_count, sizeof(PartyCandidate), _by_start_longest)
    for k in range(found.party_count):
        if found.parties[k].start >= last:
            last = found.parties[k].start + found.parties[k].length
            found.parties[kept] = found.parties[k]
            kept += 1
    return kept


cdef int _grow(void **items, Py_ssize_t *room, size_t size) except -1:
    """Doubles an array's room."""
    cdef void *grown = realloc(items[0], room[0] * 2 * size)
    if not grown:
        raise MemoryError()
    items[0] = grown
    room[0] *= 2
    return 0
