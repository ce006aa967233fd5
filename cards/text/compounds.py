"""Compound joints: which of a long word's hyphenation points fall between two words
(Bundes|fördermittel) rather than inside one (Bundesfördermit|tel).

Hyphenation patterns know syllables, not words, so a typesetter's eye is needed on top.
The rule is deliberately light, with no dictionary: a pattern point is a joint when both
sides have at least four letters and either

- the left side ends in a linking element that only closes a word part (German
  "-ungs", "-heits", Dutch "-ings", "-heids": Verwaltungs|gericht), or
- the left side ends in, or the right side starts with, one of a short list of frequent
  compound parts (Bundes|, |behörden, Kinderbuch|abteilung).

Parts that are also common syllables ("ab", "be", "ver") are left out of the lists, so
a joint found is nearly always one; a joint missed is only hyphenated at the ordinary
pattern cost.
"""

from __future__ import annotations

# Linking elements that end a compound's first part.
_LINKS = {
    "de": ("ungs", "heits", "keits", "schafts", "ions", "täts", "lings", "tums", "nis"),
    "nl": ("ings", "heids", "teits", "schaps", "ens"),
}
# Frequent compound parts, written as they start a word's right side (lower case).
_PARTS = {
    "de": (
        "abteilung", "amt", "ämter", "anlage", "anstalt", "arbeit", "ausschuss", "bahn",
        "bau", "behörde", "beitrag", "beiträg", "bericht", "betrieb", "bildung", "buch",
        "bücher", "bund", "bundes", "denkmal", "dienst", "energie", "fahr", "förder",
        "forschung", "gebiet", "geld", "gericht", "gesetz", "gesellschaft", "gesundheit",
        "haupt", "haus", "häuser", "jugend", "kammer", "kasse", "kinder", "kosten",
        "kranken", "land", "landes", "länder", "leistung", "lehrer", "markt", "minister",
        "mittel", "netz", "personal", "plan", "platz", "politik", "preis", "programm",
        "recht", "regierung", "schul", "schutz", "sicherheit", "stadt", "staats", "stelle",
        "steuer", "strom", "system", "umwelt", "unternehmen", "verband", "verkehr",
        "versicherung", "vertrag", "verwaltung", "wahl", "wasser", "werk", "wesen",
        "wirtschaft", "wohnung", "zeit", "zentrum",
    ),
    "nl": (
        "afdeling", "belasting", "bestuur", "bedrijf", "beleid", "bouw", "dienst",
        "gemeente", "gezondheid", "huis", "huur", "kinder", "kosten", "land", "maatschappij",
        "minister", "onderwijs", "onderzoek", "opvang", "overheid", "plan", "politie",
        "raad", "recht", "school", "stad", "steun", "subsidie", "toeslag", "verkeer",
        "verkiezing", "verzekering", "water", "werk", "wet", "woning", "zorg",
    ),
}
# The endings a part may take before another part (Bundes-, Kinder-, Landes-).
_ENDINGS = ("", "s", "es", "n", "en", "e", "er")
MIN_SIDE = 4


def joints(word: str, points: list[int], lang: str) -> frozenset[int]:
    """The hyphenation `points` of `word` that fall at a compound joint (see above)."""
    base = lang.split("-")[0].split("_")[0].lower()
    links, parts = _LINKS.get(base, ()), _PARTS.get(base, ())
    lower = word.lower()
    out = set()
    for p in points:
        left, right = lower[:p], lower[p:]
        if len(left) < MIN_SIDE or len(right) < MIN_SIDE:
            continue
        if left.endswith(links) or right.startswith(parts) or any(
                left.endswith(part + end) for part in parts for end in _ENDINGS):
            out.add(p)
    return frozenset(out)
