"""The one transliteration table, and both name normalisers using it."""

from __future__ import annotations

import unicodedata

import pandas as pd
import pytest

import helixnet as hx
from helixnet._letters import UNDECOMPOSABLE_LETTERS, without_accents
from helixnet.helices import normalise_name_for_rules

LATIN_LETTERS = [c for c in map(chr, range(0xC0, 0x180)) if unicodedata.category(c).startswith("L")]
SPELLED = {chr(code): spelled for code, spelled in UNDECOMPOSABLE_LETTERS.items()}


def test_every_latin1_and_latin_extended_a_letter_becomes_ascii():
    assert len(LATIN_LETTERS) == 190  # 0xC0-0x17F without × and ÷
    not_ascii = [c for c in LATIN_LETTERS if not without_accents(c).isascii() or not without_accents(c)]
    assert not not_ascii


@pytest.mark.parametrize(("letter", "expected"), [("é", "e"), ("Å", "A"), ("ß", "ss"), ("Ø", "O"), ("ǿ", "o"), ("Ǣ", "AE"), ("ŉ", "'n")])
def test_without_accents_by_hand(letter, expected):
    assert without_accents(letter) == expected


@pytest.mark.parametrize("letter", [c for c, spelled in SPELLED.items() if spelled.isalpha()])
def test_both_name_normalisers_spell_the_table_letters_alike(letter):
    spelled = SPELLED[letter]
    assert normalise_name_for_rules(pd.Series([f"X{letter}Y"])).iat[0] == f"X{spelled.upper()}Y"
    assert hx.normalise_name(f"qz{letter}qz") == f"qz{spelled.casefold()}qz"
