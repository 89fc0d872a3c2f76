"""Step 1: normalise the text without moving a character.

Every replacement is one character for one, so offsets found in the normalised text are offsets
into the document as given, and evidence is cut from the original.
"""

from __future__ import annotations

# Non-breaking and typographic spaces, curly quotes, primes, and the dash family (en dashes join
# SIPRI's periods, "2012–16"; hyphen variants join designations, "Su‑30").
_TABLE = str.maketrans({
    "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ", "\u2002": " ",
    "\u2003": " ", "\t": " ", "\u200b": " ", "\ufeff": " ",
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u00ad": "-",
})


# (character, replacement) pairs; no replacement is itself replaced, so the order does not matter
_PAIRS = tuple((chr(code), plain) for code, plain in _TABLE.items())


def normalise(text: str) -> str:
    """The same text with spaces, quotes and dashes made plain; ``len`` is unchanged."""
    # translate() with a mapping is slow on non-ASCII text; a character that occurs is replaced
    # by one str.replace (a test for a character the text cannot hold returns at once)
    for char, plain in _PAIRS:
        if char in text:
            text = text.replace(char, plain)
    return text


def lowered(text: str) -> str:
    """Lower case of the same length (the few characters whose lower case is longer stay)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
