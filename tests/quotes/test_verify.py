"""Verification of quotes as editors paste them, and of every reversal an ellipsis or a
bracket could hide. The articles are our own, a sentence or two each."""

from __future__ import annotations

import pytest

from cards.article.model import Article
from cards.cli.main import main
from cards.errors import QuoteError
from cards.quotes.rank import find_quotes
from cards.quotes.verify import NEGATIONS, pick_quote, verify_quote


def story(*paragraphs: str, lang: str = "en") -> Article:
    return Article("Council", "https://example.org/c", None, None, None, lang, paragraphs,
                   "story.md", language_given=True)


PARK = story('"The idea that the whole harbour is silting up is simply wrong," said Dr. Lena'
             ' Park, who has surveyed it for a decade.')
RUIZ = story(
    "“We are not, and have never been, planning to close the branch libraries,” Mayor Ana"
    " Ruiz said.",
    "“We will never, under any budget we have seen, close the Elm Street branch,” she added.",
    "“We should not, and legally cannot, sell the building,” said Omar Haddad.",
)


@pytest.mark.parametrize("typed", [
    "The idea that the whole harbour is silting up is simply wrong,",  # as printed
    "The idea that the whole harbour is silting up is simply wrong",
    '"The idea that the whole harbour is silting up is simply wrong,"',  # with its marks
    '"The idea that the whole harbour is silting up is simply wrong," said Dr. Lena Park.',
    "“The idea that the whole harbour is silting up is simply wrong,” she said.",
])
def test_a_quote_pasted_as_printed_is_verified_without_the_comma(typed):
    quote = verify_quote(PARK, typed)
    assert quote.text == "The idea that the whole harbour is silting up is simply wrong"
    assert quote.speaker == "Lena Park" and quote.verified


def test_full_stops_question_and_exclamation_marks_stay_as_printed():
    article = story("“Will the ferry run on Sunday?” asked Tomasz Nowak.",
                    "“It will run every day from May.” Lena Fischer said.")
    assert verify_quote(article, "Will the ferry run on Sunday?").text == (
        "Will the ferry run on Sunday?")
    assert verify_quote(article, "It will run every day from May.").text == (
        "It will run every day from May.")
    # Typed without it, the card shows what was chosen.
    assert verify_quote(article, "It will run every day from May").text == (
        "It will run every day from May")


def test_an_interrupted_quotation_pasted_whole_is_verified():
    article = story("“The roof is fixed,” said Grace Okafor, “and the doors open on Monday.”")
    quote = verify_quote(article, "“The roof is fixed,” said Grace Okafor, “and the doors open"
                                  " on Monday.”")
    assert quote.text == find_quotes(article)[0].text
    assert quote.speaker == "Grace Okafor"


@pytest.mark.parametrize("ellipsis", ["…", "...", "[…]", "[...]", "(…)", "(...)", "[ … ]"])
def test_every_ellipsis_editors_type(ellipsis):
    article = story("“We looked at the harbour, the depot and the school roof this spring,”"
                    " said Mei Chen.")
    quote = verify_quote(article, f"We looked at the harbour {ellipsis} this spring")
    assert quote.text == "We looked at the harbour … this spring"


@pytest.mark.parametrize("typed", [
    "The repairs cost $1.2 million… and we still have to paint the hull",
    "The repairs cost $1.2 million... and we still have to paint the hull",
    "The repairs cost $1.2 million … and we still have to paint the hull",
    "The repairs cost $1.2 million…and we still have to paint the hull",
])
def test_the_speakers_own_ellipsis_pasted_as_printed_stays_as_printed(typed):
    # Nothing is left out: the card must not set the ellipsis apart, as if words were.
    article = story("“The repairs cost $1.2 million… and we still have to paint the hull,”"
                    " said Ian Price.")
    quote = verify_quote(article, typed)
    assert quote.text == "The repairs cost $1.2 million… and we still have to paint the hull"
    assert verify_quote(article, "The repairs cost $1.2 million … still have to paint the"
                                 " hull").text == (
        "The repairs cost $1.2 million … still have to paint the hull")


def test_a_changed_first_letter_is_shown_in_its_brackets():
    article = story("“If we wait, the council will decide in May,” said Jonas Berg.")
    quote = verify_quote(article, "[T]he council will decide in May")
    assert quote.text == "[T]he council will decide in May"
    assert quote.speaker == "Jonas Berg"


def test_words_put_in_place_of_others_are_shown_in_their_brackets():
    article = story("“They will decide in May, once the survey is back,” said Jonas Berg.")
    quote = verify_quote(article, "[The harbour board] will decide in May")
    assert quote.text == "[The harbour board] will decide in May"


def test_a_bracket_may_stand_for_five_words_at_most():
    article = story("“The people on the harbour board this year will decide in May,” said"
                    " Jonas Berg.")
    with pytest.raises(QuoteError) as err:
        verify_quote(article, "[They] will decide in May")
    assert str(err.value) == (
        "the brackets in “[They] will decide in May” stand for none, or more than 5, of the"
        " article's words; brackets may stand for one to 5 of its words, in one clause")


def test_the_rest_must_match_exactly_around_a_bracket():
    article = story("“They will decide in May, once the survey is back,” said Jonas Berg.")
    with pytest.raises(QuoteError, match="quote not found"):
        verify_quote(article, "[The board] will decide in June")


@pytest.mark.parametrize("typed,dropped", [
    ("We are … planning to close the branch libraries", "not"),
    ("… planning to close the branch libraries", "not"),
    ("planning to close the branch libraries", "not"),  # a fragment after a negation
    ("We will … close the Elm Street branch", "never"),
    ("We should … sell the building", "not"),
    ("We should [legally] sell the building", "not"),  # a bracket hides it as well
])
def test_no_reversal_passes(typed, dropped):
    with pytest.raises(QuoteError) as err:
        verify_quote(RUIZ, typed)
    assert f"leaves out “{dropped}”, which changes its meaning" in str(err.value)


def test_leaving_out_words_that_hold_no_negation_is_fine():
    quote = verify_quote(RUIZ, "We will never … close the Elm Street branch")
    assert quote.text == "We will never … close the Elm Street branch"
    assert quote.speaker == "Ana Ruiz"


@pytest.mark.parametrize("lang,paragraph,typed,dropped", [
    ("de", "„Wir werden die Bibliothek nicht schließen“, sagte Lena Fischer.",
     "Wir werden die Bibliothek … schließen", "nicht"),
    ("de", "„Wir haben keine Pläne, sie zu verkaufen“, sagte Lena Fischer.",
     "Wir haben … Pläne, sie zu verkaufen", "keine"),
    ("fr", "« Nous n’allons pas fermer la bibliothèque », a déclaré Claire Roux.",
     "Nous … fermer la bibliothèque", "n’allons"),
    ("fr", "« Nous ne vendrons jamais le bâtiment », a déclaré Claire Roux.",
     "Nous ne vendrons … le bâtiment", "jamais"),
    ("es", "«No vamos a cerrar la biblioteca», dijo Ana Ruiz.",
     "… vamos a cerrar la biblioteca", "No"),
    ("es", "«Nunca vendimos el edificio», dijo Ana Ruiz.",
     "… vendimos el edificio", "Nunca"),
    ("zh", "市长说：“我们不会关闭图书馆。”", "我们…关闭图书馆", "不"),
])
def test_negations_in_every_language_speakers_are_found_in(lang, paragraph, typed, dropped):
    with pytest.raises(QuoteError) as err:
        verify_quote(story(paragraph, lang=lang), typed)
    assert f"leaves out “{dropped}”" in str(err.value)


def test_the_word_lists_cover_each_language_with_speakers():
    assert {"en", "de", "fr", "es", "ar"} <= set(NEGATIONS)
    assert {"nicht", "kein", "nie"} <= set(NEGATIONS["de"])
    assert {"ne", "pas", "jamais", "aucun"} <= set(NEGATIONS["fr"])
    assert {"no", "nunca", "ni"} <= set(NEGATIONS["es"])


def test_a_pasted_quote_with_a_misspelling_names_the_quote_meant(runner, tmp_path):
    (tmp_path / "story.md").write_text(
        "---\ntitle: Council\nurl: https://example.org/c\n---\n\n"
        "“We looked at the harbour, the depot and the school roof this spring,” said Mei"
        " Chen.\n\n“The ferry will run every day from May,” said Lena Fischer.\n",
        encoding="utf-8")
    result = runner.invoke(main, ["render", "story.md", "-q",
                                  "“The ferry will run evrey day from May,” she said."])
    assert result.exit_code == 1
    number = next(n for n, q in enumerate(find_quotes(load("story.md")), 1)
                  if q.text.startswith("The ferry"))
    assert result.stderr.endswith(
        f"did you mean quote {number}? cards render story.md --quote {number}\n")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("choice,message", [
    ("0", "quote number 0 does not exist: quotations are numbered from 1"),
    ("-1", "quote number -1 does not exist: quotations are numbered from 1"),
    ("7", "quote number 7 is out of range: story.md has 1 quotation"),
])
def test_quote_numbers_that_do_not_exist(runner, tmp_path, choice, message):
    (tmp_path / "story.md").write_text(
        "---\ntitle: Council\nurl: https://example.org/c\n---\n\n"
        "“The ferry will run every day from May,” said Lena Fischer.\n", encoding="utf-8")
    result = runner.invoke(main, ["render", "story.md", "-q", choice])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {message}")


def test_a_number_with_unverified_is_still_a_number():
    with pytest.raises(QuoteError, match="does not exist"):
        pick_quote(PARK, "0")


def load(path: str) -> Article:
    from cards.article.load import load_article

    return load_article(path)


@pytest.mark.parametrize("article,typed,whole", [
    # A word in marks at the start of the quote is not the whole quotation.
    (story("“‘Home’ is where the ferry brings us back to,” said Ines Duarte."),
     "‘Home’ is where the ferry brings us back to", "‘Home’ is where the ferry brings"
     " us back to"),
    (story("Ines Duarte said the word “home” means the harbour to her."),
     "“Home” means the harbour to her", None),
    (story("館長は「『居場所』を守ります」と話した。", lang="ja"),
     "『居場所』を守ります", "『居場所』を守ります"),
    (story("馆长说：“‘家’就是我们回来的地方。”", lang="zh-Hans"),
     "‘家’就是我们回来的地方", "‘家’就是我们回来的地方"),
])
def test_a_quote_that_opens_with_words_in_marks_is_never_cut_to_them(article, typed, whole):
    # The card must show what was typed or refuse it; never 'Home' or 居場所 alone.
    if whole is None:
        with pytest.raises(QuoteError):
            verify_quote(article, typed)
        return
    assert verify_quote(article, typed).text == whole


@pytest.mark.parametrize("typed", [
    "「『居場所』を守ります」と話した。",
    "「『居場所』を守ります」",
])
def test_a_japanese_quotation_pasted_with_its_attribution_is_verified(typed):
    article = story("館長は「『居場所』を守ります」と話した。", lang="ja")
    assert verify_quote(article, typed).text == "『居場所』を守ります"
