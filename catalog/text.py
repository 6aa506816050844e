"""Vietnamese text helpers: accent-insensitive folding for search and dictionary sort order.

Vietnamese letters carry two kinds of marks. Letter marks make a different letter (ă â đ ê ô ơ ư
each have their own place in the alphabet); tone marks (huyền, hỏi, ngã, sắc, nặng) only break
ties between words spelt with the same letters. Unicode's code point order gets both wrong.
"""

from __future__ import annotations

import unicodedata

# The alphabet with f, j, w, z (loan words) in their Latin places; digits sort before letters.
_ALPHABET = "0123456789aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: 1000 + rank for rank, letter in enumerate(_ALPHABET)}

# Combining letter marks that make a letter of its own: breve (ă), circumflex (â ê ô), horn (ơ ư).
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
# Tones in dictionary order: ngang (none), huyền, hỏi, ngã, sắc, nặng (as the CLDR `vi` collation).
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

SortKey = tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], str]


def fold(text: str | None) -> str:
    """Accent- and case-insensitive form for search: "Bánh  PÍA" and "banh pia" fold alike."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", str(text))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = bare.replace("đ", "d").replace("Đ", "D")
    return " ".join(bare.casefold().split())


def contains(haystack: str | None, needle: str | None) -> bool:
    """Accent-insensitive substring search: contains("Bánh pía Hải Sơn", "banh pia") is True."""
    return fold(needle) in fold(haystack)


def vi_sort_key(text: str | None) -> SortKey:
    """Key for Vietnamese alphabetical order: letters first, then tones, then case.

    "Dừa" < "Đường" (đ is its own letter after d); "ma" < "mà" < "mả" < "mã" < "má" < "mạ".
    """
    letters: list[int] = []
    tones: list[int] = []
    cases: list[int] = []
    for base, marks in _clusters(" ".join(str(text or "").split())):
        letters.append(_letter_rank(base.lower() + _letter_mark(marks)))
        tones.append(_tone(marks))
        cases.append(1 if base.isupper() else 0)
    return tuple(letters), tuple(tones), tuple(cases), unicodedata.normalize("NFC", text or "")


def _clusters(text: str) -> list[tuple[str, str]]:
    """Split into (base character, its combining marks) pairs, after full decomposition."""
    clusters: list[tuple[str, str]] = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and clusters:
            base, marks = clusters[-1]
            clusters[-1] = (base, marks + ch)
        else:
            clusters.append((ch, ""))
    return clusters


def _letter_mark(marks: str) -> str:
    return "".join(mark for mark in marks if mark in _LETTER_MARKS)


def _tone(marks: str) -> int:
    return next((_TONE_RANK[mark] for mark in marks if mark in _TONE_RANK), 0)


def _letter_rank(cluster: str) -> int:
    letter = unicodedata.normalize("NFC", cluster)
    if letter in _LETTER_RANK:
        return _LETTER_RANK[letter]
    if len(letter) == 1 and ord(letter) < 1000:
        return ord(letter)  # blanks and punctuation sort before every letter
    return 100_000 + ord(letter[0])
