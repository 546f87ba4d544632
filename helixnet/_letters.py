"""Letters to plain Latin: the one transliteration table of helixnet.

Unicode decomposition (NFKD) turns ``é`` into ``e`` plus a combining accent, but some letters of
European names have no decomposition: ``ß``, ``ø``, ``æ``, ``ł``, ``đ``, ``ð``, ``þ``, ``œ``,
``ı``, ``ŀ``, ``ħ``, ``ŧ``, ``ŋ``, ``ĸ``. :data:`UNDECOMPOSABLE_LETTERS` spells them in Latin
letters (keeping their case), and :func:`without_accents` applies it before the decomposition
(``ŀ`` would decompose into ``l·``) and after it (``ǿ`` decomposes into ``ø`` and an accent). Every letter of Latin-1 and Latin
Extended-A comes out as ASCII (``tests/test_letters.py``). Both name normalisers use
it: :func:`helixnet.helices.normalise_name_for_rules` (names as the helix rules see them) and
:func:`helixnet.publications.normalise_name` (the key that merges spelling variants of a name).
"""

from __future__ import annotations

import unicodedata

__all__ = ["UNDECOMPOSABLE_LETTERS", "without_accents"]

#: Letters without a Unicode decomposition, spelled in Latin letters (case kept).
UNDECOMPOSABLE_LETTERS = str.maketrans({
    "ß": "ss", "ẞ": "SS",
    "ø": "o", "Ø": "O",
    "æ": "ae", "Æ": "AE",
    "œ": "oe", "Œ": "OE",
    "ł": "l", "Ł": "L",
    "ŀ": "l", "Ŀ": "L",
    "đ": "d", "Đ": "D",
    "ð": "d", "Ð": "D",
    "þ": "th", "Þ": "TH",
    "ħ": "h", "Ħ": "H",
    "ŧ": "t", "Ŧ": "T",
    "ŋ": "ng", "Ŋ": "NG",
    "ĸ": "q",  # Greenlandic kra, written q since 1973
    "ı": "i",
    "ʼ": "'",  # from the decomposition of ŉ
})


def without_accents(text: str) -> str:
    """``text`` with its accents removed and the letters without decomposition spelled out.

    Parameters
    ----------
    text : str
        Any text; its case is kept.

    Returns
    -------
    str
        The text after :data:`UNDECOMPOSABLE_LETTERS`, compatibility decomposition (NFKD), the
        table again and removal of every combining mark.

    Examples
    --------
    >>> without_accents("Łódź, Université, Straße, Ærø, Ǿ")
    'Lodz, Universite, Strasse, AEro, O'
    """
    if text.isascii():  # nothing to decompose or spell out (most names: the gazetteer's 700,000)
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(UNDECOMPOSABLE_LETTERS)).translate(UNDECOMPOSABLE_LETTERS)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
