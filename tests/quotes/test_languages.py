"""Quotation marks of every style, nesting, paragraphs, apostrophes, and speakers in
English, German, French, Spanish, Chinese, Japanese and Arabic. The articles are our own, a sentence or two each."""

from __future__ import annotations

import pytest

from cards.article.model import Article
from cards.quotes.find import Quote
from cards.quotes.rank import find_quotes, rank_quotes
from cards.quotes.verify import verify_quote


def article(lang: str, *paragraphs: str) -> Article:
    return Article(None, None, None, None, None, lang, paragraphs, "a.md", language_given=True)


def found(lang: str, *paragraphs: str) -> list[tuple[str, str | None]]:
    """(text, speaker) of each quote listed, in the article's order; each must verify."""
    story = article(lang, *paragraphs)
    quotes: list[Quote] = sorted(find_quotes(story), key=lambda q: q.span or (0, 0))
    for quote in quotes:
        assert verify_quote(story, quote.text).span == quote.span
    return [(q.text, q.speaker) for q in quotes]


@pytest.mark.parametrize(
    ("lang", "paragraph", "text", "speaker"),
    [
        ("en", "“We will open the pier on time,” Ana Ruiz said.",
         "We will open the pier on time", "Ana Ruiz"),
        ("en", '"We will open the pier on time," Ana Ruiz said.',
         "We will open the pier on time", "Ana Ruiz"),
        ("fr", "« Nous ouvrirons la jetée à l’heure », a déclaré Jean Morel.",
         "Nous ouvrirons la jetée à l’heure", "Jean Morel"),
        ("fr", "«\u202fNous ouvrirons la jetée à l’heure\u202f», a déclaré Jean Morel.",
         "Nous ouvrirons la jetée à l’heure", "Jean Morel"),
        ("fr", "«\u00a0Nous ouvrirons la jetée à l’heure\u00a0», a déclaré Jean Morel.",
         "Nous ouvrirons la jetée à l’heure", "Jean Morel"),
        ("fr", "«Nous ouvrirons la jetée à l’heure», a déclaré Jean Morel.",
         "Nous ouvrirons la jetée à l’heure", "Jean Morel"),
        ("de", "„Wir öffnen den Steg pünktlich“, sagte Lena Vogt.",
         "Wir öffnen den Steg pünktlich", "Lena Vogt"),
        ("de", "‚Wir öffnen den Steg pünktlich‘, sagte Lena Vogt.",
         "Wir öffnen den Steg pünktlich", "Lena Vogt"),
        ("de-CH", "‹Wir öffnen den Steg pünktlich›, sagte Lena Vogt.",
         "Wir öffnen den Steg pünktlich", "Lena Vogt"),
        ("de", "»Wir öffnen den Steg pünktlich«, sagte Lena Vogt.",
         "Wir öffnen den Steg pünktlich", "Lena Vogt"),
        ("sv", "”Vi öppnar bryggan i tid i år”, sade Lena Vogt.",
         "Vi öppnar bryggan i tid i år", None),  # no Swedish verbs: no speaker, no guess
        ("nl", "‘We openen de pier op tijd,’ zei Lena Vogt.",
         "We openen de pier op tijd", None),
        ("en-GB", "‘We will open the pier on time,’ Ana Ruiz said.",
         "We will open the pier on time", "Ana Ruiz"),
    ],
)  # fmt: skip
def test_every_mark_style(lang: str, paragraph: str, text: str, speaker: str | None) -> None:
    assert found(lang, paragraph) == [(text, speaker)]


def test_reversed_guillemets_of_danish() -> None:
    assert found("da", "»Vi åbner molen til tiden i år«, sagde Lena Vogt.") == [
        ("Vi åbner molen til tiden i år", None)
    ]


def test_japanese_corner_brackets() -> None:
    paragraph = "館長の田中さんは「新しい桟橋は必ず時間通りに開きます」と述べた。"
    assert found("ja", paragraph) == [("新しい桟橋は必ず時間通りに開きます", "田中")]
    # Before と a quotation drops its full stop: it is still a whole sentence.
    [candidate] = rank_quotes(article("ja", paragraph))
    assert candidate.reason == "complete sentence · 17 characters (short) · speaker named"


def test_japanese_white_corner_brackets_and_nesting() -> None:
    story = ("館長は『桟橋は時間通りに開きます』と述べた。"
             "住民は「館長は『必ず』と言ったが、まだ信じられない」と話した。")  # fmt: skip
    assert found("ja", story) == [
        ("桟橋は時間通りに開きます", None),
        ("館長は『必ず』と言ったが、まだ信じられない", None),
    ]


def test_chinese_quotation_without_spaces() -> None:
    assert found("zh", "馆长说：“新码头一定会按时开放。”他还说，工程没有超出预算。") == [
        ("新码头一定会按时开放。", None)
    ]


def test_a_short_chinese_or_japanese_term_is_a_scare_quote() -> None:
    assert found("zh", "这座被称为“新码头”的建筑今天开放。") == []
    assert found("ja", "いわゆる「働き方改革」が話題になった。") == []


def test_nested_quotation_stays_inside() -> None:
    assert found("en", "“He said ‘no’ to me twice,” Ana Ruiz said.") == [
        ("He said ‘no’ to me twice", "Ana Ruiz")
    ]
    assert found("de", "„Er hat ‚nein‘ zu mir gesagt“, sagte Lena Vogt.") == [
        ("Er hat ‚nein‘ zu mir gesagt", "Lena Vogt")
    ]


@pytest.mark.parametrize(
    "paragraph",
    [
        "It’s the ’90s again, and James’ book says “we were young once, and foolish too.”",
        "It's the '90s again, and James' book says \"we were young once, and foolish too.\"",
    ],
)
def test_apostrophes_are_not_quotation_marks(paragraph: str) -> None:
    [(text, _)] = found("en", paragraph)
    assert text == "we were young once, and foolish too."


def test_apostrophes_inside_single_marks() -> None:
    paragraph = "‘It’s the boys’ pier now, and it’s done,’ Ana Ruiz said."
    assert found("en-GB", paragraph) == [("It’s the boys’ pier now, and it’s done", "Ana Ruiz")]


def test_scare_quotes_are_left_out() -> None:
    assert found("en", "The council called the pier “a folly” and moved on.") == []
    assert found("de", "Der Rat nannte den Steg „eine Torheit“ und ging weiter.") == []


def test_interrupted_quotation_is_one_quote() -> None:
    assert found("en", "“The roof was failing,” Ana Ruiz said, “and the walls were next.”") == [
        ("The roof was failing, and the walls were next.", "Ana Ruiz")
    ]
    assert found("fr", "« Le toit cédait », estime M. Morel, « et les murs suivaient. »") == [
        ("Le toit cédait et les murs suivaient.", "Morel")
    ]


def test_quotation_over_paragraphs_is_one_quote() -> None:
    story = article(
        "en",
        "Ana Ruiz spoke first. “We will open the pier on time.",
        "“And we will stay within the budget the council gave us.”",
        "The meeting ended at nine.",
    )
    [quote] = find_quotes(story)
    assert quote.text == (
        "We will open the pier on time. And we will stay within the budget the council gave us."
    )
    assert quote.span is not None
    assert story.text[quote.span[0] : quote.span[1]] == (
        "We will open the pier on time.\n\n“And we will stay within the budget the council gave us."
    )
    assert verify_quote(story, quote.text).span == quote.span
    assert verify_quote(story, "on time. And we will stay").text == "on time. And we will stay"


def test_quotation_over_paragraphs_takes_its_speaker_from_the_end() -> None:
    assert found(
        "de",
        "„Wir öffnen den Steg pünktlich.",
        "„Und wir bleiben im Budget“, sagte Lena Vogt.",
    ) == [("Wir öffnen den Steg pünktlich. Und wir bleiben im Budget", "Lena Vogt")]


@pytest.mark.parametrize(
    ("lang", "paragraph", "speaker"),
    [
        ("en", "“We will open the pier on time,” said Ana Ruiz.", "Ana Ruiz"),
        ("en", "“We will open the pier on time,” according to Ana Ruiz.", "Ana Ruiz"),
        ("en", "According to Ana Ruiz, “we will open the pier on time.”", "Ana Ruiz"),
        ("en", "“We will open the pier on time,” said Mr. Ruiz.", "Ruiz"),
        ("en", "“We will open the pier on time,” said Dr. Ana Ruiz.", "Ana Ruiz"),
        ("en", "“We will open the pier on time,” said Fort Worth attorney Ana Ruiz.", "Ana Ruiz"),
        ("de", "„Wir öffnen den Steg pünktlich“, sagte Lena Vogt.", "Lena Vogt"),
        ("de", "„Wir öffnen den Steg pünktlich“, sagt Bürgermeisterin Lena Vogt.", "Lena Vogt"),
        ("de", "„Wir öffnen den Steg pünktlich“, erklärte Vogt der Zeitung.", "Vogt"),
        ("de", "„Wir öffnen den Steg pünktlich“, betonte Frau Vogt.", "Vogt"),
        ("de", "„Wir öffnen den Steg pünktlich“, so Hafenmeister Jonas Brandt.", "Jonas Brandt"),
        ("de", "„Wir öffnen den Steg pünktlich“, betonte die Ministerin.", "die Ministerin"),
        ("de", "Lena Vogt sagte: „Wir öffnen den Steg pünktlich.“", "Lena Vogt"),
        ("de", "Am Montag sagte Herr Brandt: „Wir öffnen den Steg pünktlich.“", "Brandt"),
        ("de", "Laut Lena Vogt „öffnen wir den Steg pünktlich“.", "Lena Vogt"),
        ("de", "Lena Vogt zufolge „öffnen wir den Steg pünktlich“.", "Lena Vogt"),
        ("de", "„Wir öffnen den Steg pünktlich“, sagte Ursula von der Brück.",
         "Ursula von der Brück"),
        ("fr", "« Nous ouvrirons la jetée à l’heure », a déclaré Jean Morel.", "Jean Morel"),
        ("fr", "« Nous ouvrirons la jetée à l’heure », a dit Mme Morel.", "Morel"),
        ("fr", "« Nous ouvrirons la jetée à l’heure », dit Jean Morel.", "Jean Morel"),
        ("fr", "« Nous ouvrirons la jetée à l’heure », explique le maire Jean Morel.",
         "Jean Morel"),
        ("fr", "« Nous ouvrirons la jetée à l’heure », affirme la ministre.", "la ministre"),
        ("fr", "« Nous ouvrirons la jetée à l’heure », estime M. Morel.", "Morel"),
        ("fr", "« Nous ouvrirons la jetée à l’heure », a déclaré à l’AFP Jean Morel.",
         "Jean Morel"),
        ("fr", "Selon Jean Morel, « nous ouvrirons la jetée à l’heure ».", "Jean Morel"),
        ("fr", "Jean Morel a déclaré : « Nous ouvrirons la jetée à l’heure. »", "Jean Morel"),
        ("fr", "« Pourquoi fermer la jetée en plein été ? » a demandé la directrice, Claire Roux.",
         "Claire Roux"),
        ("es", "“Abriremos el muelle a tiempo”, dijo Ana Ruiz.", "Ana Ruiz"),
        ("es", "«Abriremos el muelle a tiempo», afirmó la Sra. Ruiz.", "Ruiz"),
        ("es", "“Abriremos el muelle a tiempo”, explicó el alcalde, Juan Pérez.", "Juan Pérez"),
        ("es", "“Abriremos el muelle a tiempo”, señaló el alcalde.", "el alcalde"),
        ("es", "“Abriremos el muelle a tiempo”, aseguró Sr. Pérez.", "Pérez"),
        ("es", "“Abriremos el muelle a tiempo”, declaró Ana Ruiz.", "Ana Ruiz"),
        ("es", "“Abriremos el muelle a tiempo”, ha dicho Ana Ruiz.", "Ana Ruiz"),
        ("es", "Según Ana Ruiz, “abriremos el muelle a tiempo”.", "Ana Ruiz"),
        ("es", "“Abriremos el muelle a tiempo”, según el alcalde.", "el alcalde"),
        ("es", "Ana Ruiz aseguró: “Abriremos el muelle a tiempo”.", "Ana Ruiz"),
    ],
)  # fmt: skip
def test_speaker_patterns(lang: str, paragraph: str, speaker: str) -> None:
    [(_, found_speaker)] = found(lang, paragraph)
    assert found_speaker == speaker


@pytest.mark.parametrize(
    ("lang", "first", "second"),
    [
        ("en", "“We will open the pier on time,” Ana Ruiz said.",
         "The work began in March. “Nothing will stop us now,” she said."),
        ("de", "„Wir öffnen den Steg pünktlich“, sagte Lena Vogt.",
         "Die Arbeiten begannen im März. „Nichts hält uns jetzt auf“, sagte sie."),
        ("fr", "« Nous ouvrirons la jetée à l’heure », a déclaré Jeanne Morel.",
         "Les travaux ont commencé en mars. « Rien ne nous arrêtera », a-t-elle ajouté."),
        ("fr", "« Nous ouvrirons la jetée à l’heure », a déclaré Jeanne Morel.",
         "« Rien ne nous arrêtera maintenant », dit-elle."),
        ("es", "“Abriremos el muelle a tiempo”, dijo Ana Ruiz.",
         "Las obras empezaron en marzo. “Nada nos detendrá ahora”, dijo ella."),
        ("es", "“Abriremos el muelle a tiempo”, dijo Ana Ruiz.",
         "“Nada nos detendrá ahora”, añadió."),  # Spanish leaves the subject out
    ],
)  # fmt: skip
def test_pronouns_resolve_to_the_person_in_view(lang: str, first: str, second: str) -> None:
    [(_, named), (_, resolved)] = found(lang, first, second)
    assert resolved == named


@pytest.mark.parametrize(
    ("lang", "first", "second"),
    [
        ("de", "„Wir öffnen den Steg pünktlich“, sagte Lena Vogt. „Es ist zu spät“, sagte "
         "Jonas Brandt.", "„Nichts hält uns jetzt auf“, sagte sie."),
        ("fr", "« Nous ouvrirons la jetée », a déclaré Jeanne Morel. « C’est trop tard », a dit "
         "Paul Roux.", "« Rien ne nous arrêtera maintenant », a-t-elle ajouté."),
        ("es", "“Abriremos el muelle a tiempo”, dijo Ana Ruiz. “Es tarde”, dijo Juan Pérez.",
         "“Nada nos detendrá ahora”, añadió."),
    ],
)  # fmt: skip
def test_pronoun_with_two_people_in_view_names_no_one(lang: str, first: str, second: str) -> None:
    assert found(lang, first, second)[-1][1] is None


def test_language_guessed_when_the_article_does_not_say() -> None:
    # Plain text has the default "en" without saying so; German words pick German verbs.
    story = Article(None, None, None, None, None, "en",
                    ("„Wir öffnen den Steg pünktlich und ohne die Stadt“, so Lena Vogt.",),
                    "a.txt")  # fmt: skip
    assert [q.speaker for q in find_quotes(story)] == ["Lena Vogt"]


@pytest.mark.parametrize(
    ("lang", "paragraph", "speaker"),
    [
        ("zh", "张伟说：“新码头一定会按时开放。”", "张伟"),
        ("zh", "王丽华表示：“新码头一定会按时开放。”", "王丽华"),
        ("zh", "李明指出：“新码头一定会按时开放。”", "李明"),
        ("zh", "“新码头一定会按时开放。”张伟说。", "张伟"),
        ("zh", "据张伟介绍，“新码头一定会按时开放。”", "张伟"),
        ("zh", "研究员张伟说：“新码头一定会按时开放。”", "张伟"),
        ("zh", "港务局局长陈志强表示：“新码头一定会按时开放。”", "陈志强"),
        ("zh", "大学教授欧阳明还指出：“新码头一定会按时开放。”", "欧阳明"),
        ("zh", "港口发言人安娜·鲁伊斯(Ana Ruiz)表示：“新码头一定会按时开放。”", "安娜·鲁伊斯"),
        ("ja", "山田氏は「新しい桟橋は必ず時間通りに開きます」と述べた。", "山田"),
        ("ja", "館長の佐藤さんは「新しい桟橋は必ず時間通りに開きます」と語った。", "佐藤"),
        ("ja", "鈴木教授は記者団に「新しい桟橋は必ず時間通りに開きます」と話した。", "鈴木"),
        ("ja", "「新しい桟橋は必ず時間通りに開きます」と山田氏は述べた。", "山田"),
        ("ja", "アンナ・ルイス氏によると、「新しい桟橋は必ず時間通りに開きます」という。",
         "アンナ・ルイス"),
        ("ar", "قال أحمد المصري: «سنفتح الرصيف الجديد في موعده هذا العام».", "أحمد المصري"),
        ("ar", "وقال أحمد المصري إن «الرصيف الجديد سيفتح في موعده هذا العام».", "أحمد المصري"),
        ("ar", "«سنفتح الرصيف الجديد في موعده هذا العام»، قال أحمد المصري.", "أحمد المصري"),
        ("ar", "وأضاف سامي خليل: «سنفتح الرصيف الجديد في موعده هذا العام».", "سامي خليل"),
        ("ar", "وأكد سامي خليل في بيان أن «الرصيف الجديد سيفتح في موعده هذا العام».",
         "سامي خليل"),
        ("ar", "بحسب ليلى حداد، «سيفتح الرصيف الجديد في موعده هذا العام».", "ليلى حداد"),
        ("ar", "وفقا لـليلى حداد، «سيفتح الرصيف الجديد في موعده هذا العام».", "ليلى حداد"),
        ("ar", "وقال رئيس الميناء سامي خليل: «سنفتح الرصيف الجديد في موعده هذا العام».",
         "سامي خليل"),
    ],
)  # fmt: skip
def test_speaker_patterns_without_capitals(lang: str, paragraph: str, speaker: str) -> None:
    [(_, found_speaker)] = found(lang, paragraph)
    assert found_speaker == speaker


@pytest.mark.parametrize(
    ("lang", "paragraph"),
    [
        ("zh", "馆长说：“新码头一定会按时开放。”"),  # a role alone
        ("zh", "他说：“新码头一定会按时开放。”"),
        ("zh", "研究人员表示：“新码头一定会按时开放。”"),
        ("zh", "文章指出：“新码头一定会按时开放。”"),  # 文 is a family name, 文章 is not one
        ("zh", "张伟在码头上看到一块牌子：“新码头一定会按时开放。”"),
        ("zh", "“新码头一定会按时开放。”这是去年的承诺。"),
        ("ja", "館長は「新しい桟橋は必ず時間通りに開きます」と述べた。"),
        ("ja", "山田氏は「新しい桟橋は必ず時間通りに開きます」という本を書いた。"),
        ("ja", "調査によると「新しい桟橋は必ず時間通りに開きます」という。"),
        ("ar", "وقال المسؤولون إن «الرصيف الجديد سيفتح في موعده هذا العام»."),
        ("ar", "وقال مسؤول في الميناء: «سنفتح الرصيف الجديد في موعده هذا العام»."),
        ("ar", "وأكد أن «الرصيف الجديد سيفتح في موعده هذا العام»."),
        ("ar", "كتب أحمد المصري على اللافتة: «سنفتح الرصيف الجديد في موعده هذا العام»."),
    ],
)  # fmt: skip
def test_no_speaker_without_a_plain_name(lang: str, paragraph: str) -> None:
    [(_, found_speaker)] = found(lang, paragraph)
    assert found_speaker is None


def test_chinese_language_read_from_the_script() -> None:
    # Plain text has the default "en" without saying so; Han script picks Chinese.
    story = Article(None, None, None, None, None, "en",
                    ("张伟说：“新码头一定会按时开放。”",), "a.txt")  # fmt: skip
    assert [q.speaker for q in find_quotes(story)] == ["张伟"]
