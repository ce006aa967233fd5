"""Smart quotes, dashes, ellipses and the normal form quotes are matched in."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cards.errors import QuoteError
from cards.quotes.match import normalise_for_match, normalise_with_map, quote_pieces
from cards.quotes.style import (
    apply_emphasis,
    carry_emphasis,
    enclose,
    parse_emphasis,
    smarten,
    strip_outer_marks,
)
from cards.text.languages import QUOTE_MARKS, is_rtl, quote_marks, script_language

NNBSP = "\u202f"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ('"Hi," she said.', "“Hi,” she said."),
        ('He said "no" (and "yes").', "He said “no” (and “yes”)."),
        ('It was—"finally"—over', "It was—“finally”—over"),
        ("\"She told me 'never' again\"", "“She told me ‘never’ again”"),
        ("don't, it's, O'Brien", "don’t, it’s, O’Brien"),
        ("back in the '90s", "back in the ’90s"),
        ("rock 'n' roll", "rock ’n’ roll"),
        ("let 'em in", "let ’em in"),
        ("the students' union", "the students’ union"),
        ("'Quiet,' he said", "‘Quiet,’ he said"),
        ("wait -- what", "wait — what"),
        ("wait--what", "wait—what"),
        ("and then...", "and then…"),
    ],
)
def test_smarten_curls_quotes_dashes_and_ellipses(typed: str, expected: str) -> None:
    assert smarten(typed) == expected


@pytest.mark.parametrize(
    "text",
    ["“Already curly,” she said — it’s ’90s rock ’n’ roll…", '"x" -- \'y\' ... don\'t'],
)
def test_smarten_is_idempotent(text: str) -> None:
    once = smarten(text)
    assert smarten(once) == once


def test_smarten_leaves_curly_text_alone() -> None:
    text = "„Ja“, sagte sie. «\u202fNon\u202f» — ‘fine’"
    assert smarten(text) == text


def test_smarten_uses_the_language_marks() -> None:
    assert smarten('Er sagte "nein"', "de") == "Er sagte „nein“"
    assert smarten('Il a dit "non"', "fr") == "Il a dit «\u202fnon\u202f»"
    assert smarten("'Hallo' sagte er", "de-AT") == "‚Hallo‘ sagte er"


def test_quote_marks_per_language() -> None:
    # Spot checks against Unicode CLDR 45, common/main/<lang>.xml, delimiters.
    assert QUOTE_MARKS["en"] == ("“", "”", "‘", "’")
    assert QUOTE_MARKS["de"] == ("„", "“", "‚", "‘")
    assert QUOTE_MARKS["fr"] == ("«", "»", "«", "»")
    assert QUOTE_MARKS["fr-CH"] == ("«", "»", "‹", "›")
    assert QUOTE_MARKS["es"] == QUOTE_MARKS["pt"] == ("“", "”", "‘", "’")
    assert QUOTE_MARKS["it"] == QUOTE_MARKS["pt-PT"] == ("«", "»", "“", "”")
    assert QUOTE_MARKS["nl"] == ("‘", "’", "‘", "’")
    assert QUOTE_MARKS["hu"] == ("„", "”", "»", "«")
    assert QUOTE_MARKS["ar"] == ("”", "“", "’", "‘")
    assert QUOTE_MARKS["ja"] == QUOTE_MARKS["zh-Hant"] == ("「", "」", "『", "』")
    required = (
        "en de de-CH fr fr-CH es it pt pt-PT nl ru uk be bg pl cs sk sl hr sr hu ro sv da nb"
        " no fi et lv lt el tr ja zh zh-Hant ko ar fa he hi th vi id"
    )
    assert set(required.split()) <= set(QUOTE_MARKS)
    assert all(len(marks) == 4 and all(len(m) == 1 for m in marks) for marks in QUOTE_MARKS.values())


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("zh-TW", "zh-Hant"),
        ("zh-Hant-TW", "zh-Hant"),
        ("zh-HK", "zh-Hant"),
        ("zh_mo", "zh-Hant"),
        ("zh-Hant", "zh-Hant"),
        ("zh-CN", "zh"),
        ("zh-Hans", "zh"),
        ("zh-Hans-HK", "zh"),  # the script says simplified, whatever the region
        ("ZH", "zh"),
        ("DE-at", "de"),
        ("de_CH", "de-CH"),
        ("fr-CA", "fr-CA"),
        ("fr-BE", "fr"),
        ("pt-BR", "pt"),
        ("pt-AO", "pt-PT"),  # CLDR's parent of African Portuguese is pt-PT
        ("sr-Latn-RS", "sr"),
        ("en-GB", "en"),
        ("xx", "en"),
        ("", "en"),
    ],
)
def test_language_tags_fall_back(tag: str, expected: str) -> None:
    assert quote_marks(tag) == QUOTE_MARKS[expected]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Hi.", "en", "“Hi.”"),
        ("“Hi.”", "en", "“Hi.”"),
        ('"Hi."', "en", "“Hi.”"),
        ("'Hi.'", "en", "“Hi.”"),
        ("‘It’s fine’", "en", "“It’s fine”"),
        ('He called it "a disgrace".', "en", "“He called it ‘a disgrace’.”"),
        ("He called it “a disgrace”.", "en", "“He called it ‘a disgrace’.”"),
        ('"She said “no” twice"', "en", "“She said ‘no’ twice”"),
        ('Er sagte "nein"', "de", "„Er sagte ‚nein‘“"),
        ("„Ja“", "de", "„Ja“"),
        ("Non", "fr", "«\u202fNon\u202f»"),
        ("«\u202fNon\u202f»", "fr", "«\u202fNon\u202f»"),
        ('Il a dit "non"', "fr", "«\u202fIl a dit «\u202fnon\u202f»\u202f»"),
        ("Il a dit ‹ non ›", "fr", "«\u202fIl a dit «\u202fnon\u202f»\u202f»"),
        ("«\u202fNon\u202f»", "en", "“Non”"),
        ('dijo "no"', "es", "“dijo ‘no’”"),
        ("Hi", "sv", "”Hi”"),
        ("Hi", "xx", "“Hi”"),  # an unknown language gets English marks, not an error
    ],
)
def test_enclose(text: str, lang: str, expected: str) -> None:
    assert enclose(text, lang) == expected


def test_enclose_does_not_strip_marks_of_two_quotations() -> None:
    # Starts and ends with marks, but the marks belong to two different quotations.
    assert strip_outer_marks("“A,” she said, “B.”") == "“A,” she said, “B.”"
    assert enclose("“A,” she said, “B.”") == "“‘A,’ she said, ‘B.’”"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“Hi,” she said", '"Hi," she said'),
        ("„Ja“ «\u202fNon\u202f» ‹x› 「y」 ″z″", '"Ja" " Non " "x" "y" "z"'),
        ("it’s ‘fine’ ‚so‘ ′", 'it"s "fine" "so" "'),
        ("‟a” ⹂b“ 〝c〞〟 ＂d＂ ＇e＇ ｢f｣ 『g』", '"a" "b" "c"" "d" "e" "f" "g"'),
        ("a — b – c ‐ d ‑ e ‒ f ― g -- h", "a - b - c - d - e - f - g - h"),
        ("wait…", "wait..."),
        ("  a\u00a0 b\u202fc\u3000d\n\ne\t ", "a b c d e"),
        ("Café CAFÉ café", "Café CAFÉ café"),
    ],
)
def test_normalise_for_match(text: str, expected: str) -> None:
    assert normalise_for_match(text) == expected


def test_normalise_composes_but_never_changes_letters() -> None:
    assert normalise_for_match("Cafe\u0301") == "Café"
    assert normalise_for_match("Don’t") != normalise_for_match("don't")


def test_normalise_with_map_points_back_at_the_original() -> None:
    text = "“Go…” —  now"
    norm, starts, ends = normalise_with_map(text)
    assert norm == '"Go..." - now'
    k = norm.index("now")
    assert text[starts[k] : ends[k + 2]] == "now"
    dots = norm.index("...")
    assert text[starts[dots] : ends[dots + 2]] == "…"


# One short sentence per language with a quotation inside it, typed with straight
# quotes; each comes out in the language's outer marks with the inner ones nested.
NESTED = [
    ("en", 'He said "no" today', "“He said ‘no’ today”"),
    ("de", 'Er sagte "nein" gestern', "„Er sagte ‚nein‘ gestern“"),
    ("fr", 'Il a dit "non" hier', f"«{NNBSP}Il a dit «{NNBSP}non{NNBSP}» hier{NNBSP}»"),
    ("fr-CH", 'Il a dit "non" hier', "«Il a dit ‹non› hier»"),
    ("es", 'Dijo "no" ayer', "“Dijo ‘no’ ayer”"),
    ("it", 'Ha detto "no" ieri', "«Ha detto “no” ieri»"),
    ("pt-PT", 'Ele disse "não" ontem', "«Ele disse “não” ontem»"),
    ("nl", 'Hij zei "nee" gisteren', "‘Hij zei ‘nee’ gisteren’"),
    ("ru", 'Он сказал "нет" вчера', "«Он сказал „нет“ вчера»"),
    ("bg", 'Той каза "не" вчера', "„Той каза „не“ вчера“"),
    ("pl", 'Powiedział "nie" wczoraj', "„Powiedział «nie» wczoraj”"),
    ("cs", 'Řekl "ne" včera', "„Řekl ‚ne‘ včera“"),
    ("sr", 'Рекао је "не" јуче', "„Рекао је ‘не‘ јуче“"),
    ("hu", 'Azt mondta, "nem" tegnap', "„Azt mondta, »nem« tegnap”"),
    ("ro", 'A spus "nu" ieri', "„A spus «nu» ieri”"),
    ("sv", 'Han sa "nej" igår', "”Han sa ’nej’ igår”"),
    ("fi", 'Hän sanoi "ei" eilen', "”Hän sanoi ’ei’ eilen”"),
    ("nb", 'Han sa "nei" i går', "«Han sa ‘nei’ i går»"),
    ("el", 'Είπε "όχι" χθες', "«Είπε “όχι” χθες»"),
    ("ja", '彼は"いいえ"と言った', "「彼は『いいえ』と言った」"),
    ("zh", '他说"不"', "“他说‘不’”"),
    ("zh-TW", '他說"不"', "「他說『不』」"),
    ("ko", '그는 "아니"라고 말했다', "“그는 ‘아니’라고 말했다”"),
    ("ar", 'قال "لا" أمس', "”قال ’لا‘ أمس“"),
    ("fa", 'او گفت "نه" دیروز', "«او گفت ‹نه› دیروز»"),
    ("he", 'הוא אמר "לא" אתמול', "”הוא אמר ’לא’ אתמול”"),
]


@pytest.mark.parametrize(("lang", "typed", "expected"), NESTED)
def test_enclose_nests_in_each_language(lang: str, typed: str, expected: str) -> None:
    assert enclose(typed, lang) == expected


@pytest.mark.parametrize(
    "inner",
    ["“nein”", "„nein“", "«nein»", "»nein«", "‹nein›", "‚nein‘", "‘nein’", "「nein」", '"nein"'],
)
def test_enclose_recognises_any_nested_marks(inner: str) -> None:
    assert enclose(f"Er sagte {inner} gestern", "de") == "„Er sagte ‚nein‘ gestern“"


@pytest.mark.parametrize(
    ("typed", "lang", "expected"),
    [
        ('A "b \'c\' d" e', "en", "“A ‘b “c” d’ e”"),  # the third level is the first again
        ("„Er sagte ‚nein‘“", "en", "“Er sagte ‘nein’”"),
        ("「彼は『はい』と言った」", "de", "„彼は‚はい‘と言った“"),
        ("She said 'it's fine' then", "en", "“She said ‘it’s fine’ then”"),
        ("“It’s ‘fine’,” she said.", "en", "“‘It’s “fine”,’ she said.”"),
    ],
)
def test_enclose_levels_and_apostrophes(typed: str, lang: str, expected: str) -> None:
    assert enclose(typed, lang) == expected


def test_enclose_marks_override_the_language() -> None:
    assert enclose('dijo "no"', "es", marks=("«", "»", "“", "”")) == "«dijo “no”»"
    assert enclose('He said "no"', "en-GB", marks=("‘", "’", "“", "”")) == "‘He said “no”’"
    # French spacing is the language's, whatever marks the template chose.
    assert enclose("Quoi?", "fr", marks=("“", "”", "‘", "’")) == f"“Quoi{NNBSP}?”"


@pytest.mark.parametrize(
    ("typed", "lang", "expected"),
    [
        ("Quoi ? Vraiment!", "fr", f"Quoi{NNBSP}? Vraiment{NNBSP}!"),
        ("Il a dit : « non ».", "fr", f"Il a dit{NNBSP}: «{NNBSP}non{NNBSP}»."),
        ('Il a dit "non"!', "fr-CA", f"Il a dit «{NNBSP}non{NNBSP}»{NNBSP}!"),
        ("Voici ; voilà", "fr", f"Voici{NNBSP}; voilà"),
        ("Déjà\u00a0: oui", "fr", "Déjà\u00a0: oui"),  # a no-break space already there stays
        ("Quoi ?!", "fr", f"Quoi{NNBSP}?!"),  # one space before the whole group
        ("À 7:40, voir http://x.fr", "fr", "À 7:40, voir http://x.fr"),  # no colons
        ("*Quoi*?", "fr", f"*Quoi*{NNBSP}?"),
        ("Quoi ? «Non»", "fr-CH", "Quoi ? «Non»"),  # Swiss French adds no spaces
        ("What? No!", "en", "What? No!"),
    ],
)
def test_french_spacing(typed: str, lang: str, expected: str) -> None:
    assert smarten(typed, lang) == expected
    assert smarten(expected, lang) == expected  # idempotent


def test_enclose_keeps_emphasis_markup() -> None:
    assert enclose('We *will* open "on time"') == "“We *will* open ‘on time’”"
    assert enclose('"*Non*," dit-il', "fr") == f"«{NNBSP}«{NNBSP}*Non*,{NNBSP}» dit-il{NNBSP}»"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("We will open on time", None),
        ("", None),
        ("2024", None),
        ("Мы откроемся вовремя", "ru"),
        ("Ми відкриємося вчасно", "uk"),
        ("Мы адкрыемся ў час", "be"),
        ("Отворићемо на време", "sr"),
        ("Θα ανοίξουμε στην ώρα μας", "el"),
        ("سنفتح في الوقت المحدد", "ar"),
        ("ما به موقع باز می‌کنیم", "fa"),
        ("ہم وقت پر کھولیں گے", "ur"),
        ("נפתח בזמן", "he"),
        ("私たちは時間通りに開きます", "ja"),
        ("定刻開館", "zh"),  # Han alone cannot tell Japanese from Chinese
        ("我们会按时开放", "zh"),
        ("iPhone は最高", "ja"),
        ("우리는 제시간에 엽니다", "ko"),
        ("हम समय पर खोलेंगे", "hi"),
        ("เราจะเปิดตรงเวลา", "th"),
        ("The word λόγος means reason", None),  # mostly Latin: no guess
    ],
)
def test_script_language(text: str, lang: str | None) -> None:
    assert script_language(text) == lang


@pytest.mark.parametrize(
    ("tag", "rtl"),
    [
        ("ar", True), ("ar-EG", True), ("he", True), ("he-IL", True), ("fa", True),
        ("ur", True), ("ps", True), ("yi", True), ("dv", True), ("ug", True),
        ("ckb-IQ", True), ("sd", True), ("az-Arab", True), ("sd-Deva", False),
        ("en", False), ("zh-Hant", False), ("ru", False), ("", False),
    ],
)  # fmt: skip
def test_is_rtl(tag: str, rtl: bool) -> None:
    assert is_rtl(tag) is rtl


@pytest.mark.parametrize(
    ("typed", "plain", "spans"),
    [
        ("no emphasis", "no emphasis", ()),
        ("We *will* open", "We will open", ((3, 7),)),
        ("*All* of *it*", "All of it", ((0, 3), (7, 9))),
        ("a \\* b", "a * b", ()),
        ("*5 \\* 3*", "5 * 3", ((0, 5),)),
        ("back\\slash", "back\\slash", ()),
    ],
)
def test_parse_emphasis(typed: str, plain: str, spans: tuple[tuple[int, int], ...]) -> None:
    assert parse_emphasis(typed) == (plain, spans)
    assert parse_emphasis(apply_emphasis(plain, spans)) == (plain, spans)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "We *will open",
            "unclosed emphasis at character 4 of the quote: add the closing *, or write \\* for an asterisk",
        ),
        (
            "*a* and *b",
            "unclosed emphasis at character 9 of the quote: add the closing *, or write \\* for an asterisk",
        ),
        (
            "very **bold**",
            "empty emphasis at character 6 of the quote: ** marks no words; remove it, or write \\*\\* for two asterisks",
        ),
    ],
)
def test_parse_emphasis_errors(typed: str, message: str) -> None:
    with pytest.raises(QuoteError) as err:
        parse_emphasis(typed)
    assert str(err.value) == message


def test_apply_emphasis_escapes_asterisks() -> None:
    assert apply_emphasis("5 * 3", ((4, 5),)) == "5 \\* *3*"


def test_carry_emphasis_finds_the_same_occurrence() -> None:
    typed = "we said we'd go -- and we went"
    article = "we said we’d go — and we went"
    second_we = typed.index("we", 3)
    third_we = typed.index("we", 20)
    assert carry_emphasis(typed, ((second_we, second_we + 4), (third_we, third_we + 2)), article) == (
        (8, 12),
        (22, 24),
    )
    assert carry_emphasis("not there", ((0, 3),), article) is None


def test_marks_are_equivalent_for_matching() -> None:
    forms = ['"Ja"', "„Ja“", "«Ja»", f"«{NNBSP}Ja{NNBSP}»", "「Ja」", "『Ja』", "‹Ja›", "‚Ja‘", "＂Ja＂"]
    # Spaces beside a mark are French house style, not words, so they go too.
    assert {"".join(quote_pieces(f"er sagte {f} heute")) for f in forms} == {'er sagte"Ja"heute'}
    assert normalise_for_match("„Ja“ ‚Ja‘ 「Ja」 ⹂Ja“ 〝Ja〟 ＇Ja＇") == '"Ja" "Ja" "Ja" "Ja" "Ja" "Ja"'


def _one_character_at_a_time(text: str) -> tuple[str, list[int], list[int]]:
    """The normal form and its map as `normalise_with_map` made them before it copied
    runs of plain ASCII whole: every character through the loop."""
    import unicodedata

    from cards.quotes.marks import DASHES, DOUBLE_MARKS, SINGLE_MARKS

    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []

    def emit(chars: str, start: int, end: int) -> None:
        for c in chars:
            out.append(c)
            starts.append(start)
            ends.append(end)

    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        if ch.isspace():
            while j < n and text[j].isspace():
                j += 1
            if out and out[-1] != " ":
                emit(" ", i, j)
            elif out:
                ends[-1] = j
        elif ch in DOUBLE_MARKS or ch in SINGLE_MARKS:
            emit('"', i, j)
        elif ch in DASHES or (ch == "-" and text[i + 1 : i + 2] == "-"):
            while j < n and text[j] == "-":
                j += 1
            emit("-", i, j)
        elif ch == "…":
            emit("...", i, j)
        else:
            emit(unicodedata.normalize("NFC", text[i:j]), i, j)
        i = j
    if out and out[-1] == " ":
        out.pop()
        starts.pop()
        ends.pop()
    return "".join(out), starts, ends


_TRICKY = st.text(
    alphabet=st.sampled_from(
        list("ab Z09.,;:!?()'\"`-—–…«»„“”‘’ \t\n\u00a0\u202f")
        + ["\u0301", "\u0308", "\u0323", "\u064e", "\u093f", "\u0e48", "\u1161", "\u11a8",
           "\u1100", "\u212b", "\uf900", "é", "ß", "Ω", "ж", "中", "😀", "\u200d", "\ufe0f"]),
    max_size=60)


@settings(max_examples=600, deadline=None)
@given(st.one_of(_TRICKY, st.text(max_size=60)))
def test_runs_of_plain_ascii_copied_whole_give_the_same_normal_form_and_map(text):
    assert normalise_with_map(text) == _one_character_at_a_time(text)


@pytest.mark.parametrize("text", [
    "Cafe\u0301 is open", "e\u0301", "plain ascii only", "ends with a mark a\u0308",
    "a\u0308\u0323b", "x--y", "x - - y", "it's", "`quoted`", "~{[]}|\\^_@#$%&*+<=>",
    "two  spaces", "a tab\there", "a \tb", "trailing ", " leading", "a \u00a0b", "a\n\nb",
])
def test_plain_ascii_beside_what_the_loop_reads(text):
    assert normalise_with_map(text) == _one_character_at_a_time(text)


def _spacing_a_character_at_a_time(norm: str) -> str:
    """The house-style spaces dropped as `_style_spacing` did before it found them with
    a pattern: each character looked at in turn."""
    return "".join(
        ch for k, ch in enumerate(norm)
        if not (ch == " " and ((k > 0 and norm[k - 1] in '-"')
                               or norm[k + 1 : k + 2] in ("-", '"', "!", "?", ":", ";"))))


def _word_starts_a_character_at_a_time(text: str) -> list[int]:
    import re

    from cards.text.languages import spaceless

    starts = {0, *(m.end() for m in re.finditer(r"[\W_]", text))}
    starts.update(i for i, c in enumerate(text) if ord(c) >= 0x0E00 and spaceless(c))
    return sorted(k for k in starts if k < len(text))


_SPACED = st.text(alphabet=st.sampled_from(list(' -"!?:;a.,é中ไ한\u3000')), max_size=40)


@settings(max_examples=500, deadline=None)
@given(st.one_of(_SPACED, _TRICKY, st.text(max_size=40)))
def test_house_style_spaces_and_word_starts_are_found_as_before(text):
    from cards.quotes.match import _style_spacing, _word_starts, matchable

    norm, starts, ends = normalise_with_map(text)
    spaced, spaced_starts, spaced_ends = _style_spacing(norm, starts, ends)
    assert spaced == _spacing_a_character_at_a_time(norm)
    assert len(spaced_starts) == len(spaced_ends) == len(spaced)
    assert all(text[a:b].strip() or ch == " "
               for ch, a, b in zip(spaced, spaced_starts, spaced_ends, strict=True))
    assert _word_starts(text) == _word_starts_a_character_at_a_time(text)
    assert _word_starts(matchable(text)[0]) == _word_starts_a_character_at_a_time(matchable(text)[0])


@pytest.mark.parametrize(("text", "expected"), [
    ('way -- we', "way-we"), ("« non »", '"non"'), ("Quoi ?", "Quoi?"), ("a : b ; c !", "a: b; c!"),
    ("no house spaces here", "no house spaces here"),
])
def test_house_style_spaces_are_dropped(text, expected):
    from cards.quotes.match import matchable

    assert matchable(text)[0] == expected
