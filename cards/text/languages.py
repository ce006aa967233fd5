"""Languages: their quotation marks (from Unicode CLDR), their direction, and the
language a quote's script shows when an article does not say."""

from __future__ import annotations

import bisect
import re

Marks = tuple[str, str, str, str]

# (quotationStart, quotationEnd, alternateQuotationStart, alternateQuotationEnd) per
# language, from Unicode CLDR 45, common/main/<lang>.xml, delimiters (region and script
# variants as CLDR resolves them). These are CLDR's facts, not a style guide's: Spanish
# is “…” (many Spanish papers prefer «…»), Dutch ‘…’, French nests «…» in «…», and
# Arabic starts with ” because CLDR lists the marks in logical order for right-to-left
# text. A template that wants a house style passes its own marks to `enclose`.
QUOTE_MARKS: dict[str, Marks] = {
    "en": ("“", "”", "‘", "’"),
    "de": ("„", "“", "‚", "‘"),
    "de-CH": ("„", "“", "‚", "‘"),
    "fr": ("«", "»", "«", "»"),
    "fr-CA": ("«", "»", "”", "“"),
    "fr-CH": ("«", "»", "‹", "›"),
    "es": ("“", "”", "‘", "’"),
    "it": ("«", "»", "“", "”"),
    "pt": ("“", "”", "‘", "’"),
    "pt-PT": ("«", "»", "“", "”"),
    "ca": ("«", "»", "“", "”"),
    "gl": ("“", "”", "‘", "’"),
    "eu": ("«", "»", "“", "”"),
    "nl": ("‘", "’", "‘", "’"),
    "ru": ("«", "»", "„", "“"),
    "uk": ("«", "»", "„", "“"),
    "be": ("«", "»", "„", "“"),
    "bg": ("„", "“", "„", "“"),
    "mk": ("„", "“", "‚", "‘"),
    "pl": ("„", "”", "«", "»"),
    "cs": ("„", "“", "‚", "‘"),
    "sk": ("„", "“", "‚", "‘"),
    "sl": ("„", "“", "‚", "‘"),
    "hr": ("„", "“", "‚", "‘"),
    "bs": ("„", "”", "‘", "’"),
    "sr": ("„", "“", "‘", "‘"),
    "hu": ("„", "”", "»", "«"),
    "ro": ("„", "”", "«", "»"),
    "sq": ("«", "»", "“", "”"),
    "sv": ("”", "”", "’", "’"),
    "da": ("“", "”", "‘", "’"),
    "nb": ("«", "»", "‘", "’"),
    "no": ("«", "»", "‘", "’"),
    "nn": ("«", "»", "‘", "’"),
    "is": ("„", "“", "‚", "‘"),
    "fi": ("”", "”", "’", "’"),
    "et": ("„", "“", "‚", "‘"),
    "lv": ("“", "”", "‘", "’"),
    "lt": ("„", "“", "„", "“"),
    "el": ("«", "»", "“", "”"),
    "tr": ("“", "”", "‘", "’"),
    "ka": ("„", "“", "«", "»"),
    "hy": ("«", "»", "«", "»"),
    "ja": ("「", "」", "『", "』"),
    "zh": ("“", "”", "‘", "’"),
    "zh-Hant": ("「", "」", "『", "』"),
    "ko": ("“", "”", "‘", "’"),
    "ar": ("”", "“", "’", "‘"),
    "ur": ("”", "“", "’", "‘"),
    "fa": ("«", "»", "‹", "›"),
    "he": ("”", "”", "’", "’"),
    "yi": ("”", "”", "’", "’"),
    "hi": ("“", "”", "‘", "’"),
    "bn": ("“", "”", "‘", "’"),
    "th": ("“", "”", "‘", "’"),
    "vi": ("“", "”", "‘", "’"),
    "id": ("“", "”", "‘", "’"),
    "ms": ("“", "”", "‘", "’"),
}
# Styles besides CLDR's that are as correct for a language, kept on a card when the
# article itself quotes in them (`quote_styles`). Only styles a language's own
# typesetters use: guillemets in Arabic news and reference text (its inner level then
# CLDR's outer marks), and German book typography's »…« with ›…‹ inside.
ALSO_CORRECT: dict[str, tuple[Marks, ...]] = {
    "ar": (("«", "»", "”", "“"),),
    "de": (("»", "«", "›", "‹"),),
}

_BY_TAG = {tag.lower(): marks for tag, marks in QUOTE_MARKS.items()}
_ALSO_BY_TAG = {tag.lower(): styles for tag, styles in ALSO_CORRECT.items()}

# CLDR's parentLocales: Portuguese outside Brazil follows pt-PT, not pt.
_PT_PT_REGIONS = {"ao", "ch", "cv", "gq", "gw", "lu", "mo", "mz", "st", "tl"}
# Chinese written in traditional characters, where a tag names only the region.
_HANT_REGIONS = {"tw", "hk", "mo"}


def _subtags(lang: str) -> list[str]:
    return [part for part in re.split(r"[-_]", lang.strip().lower()) if part] or ["en"]


def _candidates(lang: str) -> list[str]:
    """The tags to look a language up by, most specific first: "zh-HK" tries "zh-hk",
    then "zh-hant", then "zh"; anything unknown ends at English."""
    parts = _subtags(lang)
    found = ["-".join(parts[:k]) for k in range(len(parts), 0, -1)]
    rest = set(parts[1:])
    if parts[0] == "zh" and "hans" not in rest and ("hant" in rest or rest & _HANT_REGIONS):
        found.insert(-1, "zh-hant")
    if parts[0] == "pt" and rest & _PT_PT_REGIONS:
        found.insert(-1, "pt-pt")
    return [*found, "en"]


def phrase_model(lang: str) -> str | None:
    """BudouX's model for a language tag: "ja", "th", "zh-hans" (zh, zh-Hans, zh-CN,
    zh-SG) or "zh-hant" (zh-Hant, zh-TW, zh-HK, zh-MO); None for any other language."""
    parts = _subtags(lang)
    if parts[0] in ("ja", "th"):
        return parts[0]
    if parts[0] != "zh":
        return None
    return "zh-hant" if "zh-hant" in _candidates(lang) else "zh-hans"


def quote_marks(lang: str) -> Marks:
    """The CLDR quotation marks for a language tag ("de", "de-AT", "zh_TW"); English
    marks for a language the table does not know."""
    return next(_BY_TAG[tag] for tag in _candidates(lang) if tag in _BY_TAG)


def quote_styles(lang: str) -> tuple[Marks, ...]:
    """Every style of quotation marks correct for a language: CLDR's first, then those
    `ALSO_CORRECT` lists for the same tag ("de-AT" is German's; "de-CH" only its own)."""
    tag = next(tag for tag in _candidates(lang) if tag in _BY_TAG)
    return (_BY_TAG[tag], *_ALSO_BY_TAG.get(tag, ()))


def french_spacing(lang: str) -> bool:
    # French sets guillemets and ! ? : ; off with a narrow no-break space so a mark never
    # starts or ends a line alone; Swiss French typesetting leaves those spaces out.
    parts = _subtags(lang)
    return parts[0] == "fr" and "ch" not in parts[1:]


# Short words that should not end a line, but go to the next line with the word they
# lead into. Every language's one-letter words are included (`binds_forward`): the
# typesetting rules of the languages that have many of them ask for it, and in English a
# line ending in "a" or "I" reads as a stumble. The lists add each language's two-letter
# forms its rules name. Sources, the languages' typesetting rules: Czech, ČSN 01 6910
# and Pravidla českého pravopisu (the one-letter prepositions and conjunctions k s v z
# o u a i, which the `vlna` tool ties; we add their vocalised forms ve ke ze); Slovak,
# Pravidlá slovenského pravopisu (the same, with vo ku so zo); Polish, the rule against
# "sieroty" (orphans) in Polish typesetting (a i o u w z, and we ze); Russian, the
# practice Мильчин's «Справочник издателя и автора» describes (one- and two-letter
# prepositions, conjunctions and the particles не ни). Particles that lean on the word
# before (ru же ли бы, cs se si) are left out: they belong to the earlier line.
SHORT_WORDS: dict[str, frozenset[str]] = {
    "en": frozenset({"a", "i"}),
    "ru": frozenset({"а", "в", "и", "к", "о", "с", "у", "я", "во", "да", "до", "за", "из",
                     "ко", "на", "не", "ни", "но", "об", "от", "по", "со"}),
    "cs": frozenset({"a", "i", "k", "o", "s", "u", "v", "z", "ke", "ve", "ze"}),
    "sk": frozenset({"a", "i", "k", "o", "s", "u", "v", "z", "ku", "so", "vo", "zo"}),
    "pl": frozenset({"a", "i", "o", "u", "w", "z", "we", "ze"}),
    # Korean one-syllable determiners (관형사: this, that, one, two, new, each, first…),
    # which belong with the noun after them: "이 | 도시의" leaves "this" at a line's end.
    "ko": frozenset({"이", "그", "저", "한", "두", "세", "네", "새", "옛", "각", "몇", "첫",
                     "매", "온"}),
}
# Letters of the alphabets whose one-letter words are words (Latin, Greek, Cyrillic), as
# against a CJK character or an Indic letter standing alone.
_ALPHABETIC = re.compile(r"[A-Za-zÀ-ɏͰ-ӿ]")


def binds_forward(word: str, lang: str) -> bool:
    """Whether `word` (without spaces or punctuation around it) should not end a line."""
    if word.lower() in SHORT_WORDS.get(_subtags(lang)[0], frozenset()):
        return True
    return len(word) == 1 and _ALPHABETIC.match(word) is not None


# Languages written right to left, and the scripts that make any language so.
_RTL_LANGUAGES = {"ar", "he", "iw", "fa", "ur", "ps", "yi", "ji", "dv", "ug", "ckb", "sd"}
_RTL_SCRIPTS = {"arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg"}


def is_rtl(lang: str) -> bool:
    """Whether text in this language runs right to left. A script subtag decides when
    given: "az-Arab" is right to left, "sd-Deva" is not."""
    parts = _subtags(lang)
    scripts = [p for p in parts[1:] if len(p) == 4 and p.isalpha()]
    if scripts:
        return scripts[0] in _RTL_SCRIPTS
    return parts[0] in _RTL_LANGUAGES


# (first, last, script) code point ranges, sorted; only the scripts `script_language`
# and word matching need. Source: the Unicode blocks of those scripts.
_SCRIPT_RANGES = sorted([
    (0x0041, 0x005A, "Latn"), (0x0061, 0x007A, "Latn"), (0x00C0, 0x024F, "Latn"),
    (0x1E00, 0x1EFF, "Latn"), (0x0370, 0x03FF, "Grek"), (0x1F00, 0x1FFF, "Grek"),
    (0x0400, 0x052F, "Cyrl"), (0x0590, 0x05FF, "Hebr"), (0xFB1D, 0xFB4F, "Hebr"),
    (0x0600, 0x06FF, "Arab"), (0x0750, 0x077F, "Arab"), (0x08A0, 0x08FF, "Arab"),
    (0xFB50, 0xFDFF, "Arab"), (0xFE70, 0xFEFF, "Arab"), (0x0900, 0x097F, "Deva"),
    (0x0E00, 0x0E7F, "Thai"), (0x0E80, 0x0EFF, "Laoo"), (0x1000, 0x109F, "Mymr"),
    (0x1780, 0x17FF, "Khmr"), (0x1100, 0x11FF, "Hang"), (0x3130, 0x318F, "Hang"),
    (0xAC00, 0xD7AF, "Hang"), (0x3040, 0x309F, "Hira"), (0x30A0, 0x30FF, "Kana"),
    (0x31F0, 0x31FF, "Kana"), (0xFF66, 0xFF9F, "Kana"), (0x3400, 0x4DBF, "Hani"),
    (0x4E00, 0x9FFF, "Hani"), (0xF900, 0xFAFF, "Hani"), (0x20000, 0x2FFFF, "Hani"),
])  # fmt: skip
_RANGE_STARTS = [first for first, _, _ in _SCRIPT_RANGES]
# Scripts written without spaces between words: a match may start or end next to a
# letter of these, where in spaced scripts it would be half a word.
_SPACELESS = {"Hani", "Hira", "Kana", "Thai", "Laoo", "Mymr", "Khmr"}


def _script(ch: str) -> str | None:
    """The script of one character among those in `_SCRIPT_RANGES`, or None."""
    k = bisect.bisect_right(_RANGE_STARTS, ord(ch)) - 1
    if k >= 0 and ord(ch) <= _SCRIPT_RANGES[k][1]:
        return _SCRIPT_RANGES[k][2]
    return None


def spaceless(ch: str) -> bool:
    return len(ch) == 1 and _script(ch) in _SPACELESS


_SCRIPT_LANGUAGE = {
    "Arab": "ar", "Hebr": "he", "Hang": "ko", "Cyrl": "ru", "Grek": "el", "Deva": "hi",
    "Thai": "th",
}  # fmt: skip
# Letters one language of a script has and its neighbours lack (from those languages'
# alphabets): Persian and Urdu add letters to Arabic, Ukrainian, Belarusian and Serbian
# to Cyrillic. Urdu shares Persian's additions, so its own letters are checked first.
_LETTER_HINTS = {
    "Arab": (("ur", set("ٹڈڑںےھ")), ("fa", set("پچژگیک"))),
    "Cyrl": (("be", set("ўЎ")), ("uk", set("їЇєЄґҐіІ")), ("sr", set("ђЂћЋјЈљЉњЊџЏ"))),
}


def script_language(text: str) -> str | None:
    """The language the script of `text` implies, for a quote whose article names none:
    Arabic letters are "ar" (or "fa", "ur" with their own letters), Hebrew "he", any kana
    "ja", Han alone "zh", Hangul "ko", Cyrillic "ru" (or "uk", "be", "sr"), Greek "el",
    Devanagari "hi", Thai "th". Latin text, or none, implies nothing: None."""
    counts: dict[str, int] = {}
    for ch in text:
        script = _script(ch) if ch.isalpha() else None
        if script in ("Hira", "Kana"):
            script = "Hani"  # Japanese mixes kana and kanji; they count as one writing
        if script:
            # A Han or kana character or a Hangul syllable carries about what a short
            # Latin word does, so "iPhone は最高" reads as Japanese, not English.
            counts[script] = counts.get(script, 0) + (3 if script in ("Hani", "Hang") else 1)
    if not counts:
        return None
    top = max(counts, key=lambda s: (counts[s], s))
    if top == "Latn" or counts.get("Latn", 0) >= counts[top]:
        return None
    if top == "Hani":
        return "ja" if any(_script(ch) in ("Hira", "Kana") for ch in text) else "zh"
    for lang, letters in _LETTER_HINTS.get(top, ()):
        if letters & set(text):
            return lang
    return _SCRIPT_LANGUAGE.get(top)


# The QR code's label in the card's language, when the template keeps the English
# default: a German card should not say "Read the story". Our own translations of the
# common newsroom phrase; a template that sets its own label keeps it.
DEFAULT_LABEL = "Read the story"
READ_THE_STORY = {
    "ar": "اقرأ القصة", "da": "Læs artiklen", "de": "Zum Artikel", "el": "Διαβάστε το άρθρο",
    "es": "Leer la noticia", "fa": "خواندن خبر", "fi": "Lue juttu", "fr": "Lire l’article",
    "he": "לכתבה המלאה", "hi": "पूरी खबर पढ़ें", "it": "Leggi l’articolo", "ja": "記事を読む",
    "ko": "기사 읽기", "nb": "Les saken", "nl": "Lees het artikel", "pl": "Przeczytaj artykuł",
    "pt": "Leia a matéria", "ru": "Читать статью", "sv": "Läs artikeln", "tr": "Haberi oku",
    "uk": "Читати статтю", "zh-Hans": "阅读全文", "zh-Hant": "閱讀全文",
}


# Where a label does not fit even at the smallest size, a shorter one that still says
# where the code leads ("The article"), tried before the English; ours too.
SHORT_LABEL = {
    "el": "Το άρθρο", "pl": "Artykuł", "es": "La noticia", "it": "L’articolo",
    "pt": "A matéria", "nl": "Het artikel", "fr": "L’article", "ru": "Статья",
    "uk": "Стаття", "hi": "पूरी खबर", "sv": "Artikeln", "da": "Artiklen", "de": "Artikel",
    "he": "לכתבה", "fa": "خبر", "ar": "القصة",
}


def short_label(label: str, lang: str) -> str | None:
    """A shorter form of the QR label in the card's language, if we have one."""
    if label != DEFAULT_LABEL:
        return None
    return SHORT_LABEL.get(lang.split("-")[0].lower())


def story_label(label: str, lang: str) -> str:
    """The template's QR label, in the card's language if it is the English default."""
    if label != DEFAULT_LABEL:
        return label
    base = lang.split("-")[0].lower()
    if base == "zh":
        script = "zh-Hant" if any(p in lang for p in ("Hant", "TW", "HK", "MO")) else "zh-Hans"
        return READ_THE_STORY[script]
    return READ_THE_STORY.get(base, label)
