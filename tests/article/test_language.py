"""An article that states no language gets the one its text plainly shows: by its script,
or by a vote of common English, German, French and Spanish words. Our own paragraphs."""

from __future__ import annotations

import json

import pytest

from cards.article.language import guess_language
from cards.article.load import parse_article

GERMAN = ("Die Fähre zwischen der Altstadt und der Insel fährt seit Montag wieder. Sie war den"
          " ganzen Winter im Trockendock, weil der Rumpf neu gestrichen werden musste.\n\n"
          "„Wir haben das Horn mehr vermisst, als wir dachten“, sagte der Kapitän, als die"
          " ersten Fahrgäste an Bord gingen.")
FRENCH = ("Le marché couvert du port a rouvert ses portes samedi après dix-huit mois de travaux."
          " Les commerçants sont revenus dans les halles, et les habitants ont fait la queue.\n\n"
          "« Nous avons gardé la charpente d’origine », explique l’architecte, qui a dirigé le"
          " chantier pour la ville.")
SPANISH = ("El transbordador que une el casco antiguo con la isla volvió a funcionar el lunes."
           " Estuvo todo el invierno en el dique seco porque había que pintar el casco.\n\n"
           "“Echábamos de menos la bocina más de lo que pensábamos”, dijo el capitán mientras"
           " subían los primeros pasajeros.")
ITALIAN = ("Il traghetto che collega il centro storico all’isola è tornato in servizio lunedì."
           " È rimasto tutto l’inverno in bacino perché lo scafo doveva essere ridipinto.\n\n"
           "«Ci è mancata la sirena più di quanto pensassimo», ha detto il capitano mentre"
           " salivano i primi passeggeri.")
ENGLISH = ("The blue ferry that links the old town to the island returned to service on Monday."
           " It spent the winter in dry dock while its hull was repainted.\n\n"
           "“We missed the sound of the horn more than we expected,” said the captain.")


@pytest.mark.parametrize("text,lang", [
    (GERMAN, "de"), (FRENCH, "fr"), (SPANISH, "es"), (ENGLISH, "en"),
    ("「橋は開いた」と市長は言った。今日から通行できる。", "ja"),
    ("“桥开了，”市长说。今天天气很好，很多人来了。", "zh"),
    ("Мост снова открыт, сказал мэр города в понедельник.", "ru"),
    ("”שלום לכולם, הספרייה פתוחה“, אמרה נועה.", "he"),
])
def test_the_language_a_text_plainly_shows(text, lang):
    assert guess_language(text) == lang


@pytest.mark.parametrize("text", [
    ITALIAN,  # a language without speech verbs in cards: not taken for Spanish or French
    "Palm Bay 70, Rockledge 44. Melbourne 51, Viera 48.",  # scores, no words to vote
    "",
])
def test_no_guess_when_the_text_is_not_plainly_one_of_them(text):
    assert guess_language(text) is None


@pytest.mark.parametrize("name,text,lang", [
    ("story.txt", f"Die Fähre fährt wieder\n\n{GERMAN}\n", "de"),
    ("story.md", f"---\ntitle: Le marché rouvre\n---\n\n{FRENCH}\n", "fr"),
    ("story.html", "<html><head><title>El transbordador vuelve</title></head><body><article>"
     + "".join(f"<p>{p}</p>" for p in SPANISH.split("\n\n")) + "</article></body></html>", "es"),
    ("story.json", json.dumps({"title": "Fähre", "body": GERMAN}), "de"),
])
def test_an_article_without_a_language_gets_its_texts(name, text, lang):
    article = parse_article(text, name)
    assert article.language == lang
    assert article.origins["language"] == "guessed from the text"
    assert not article.language_given  # guessed, not stated: a quote's own script still wins


def test_a_stated_language_is_kept_whatever_the_text_looks_like():
    article = parse_article(f"---\ntitle: Fähre\nlang: en\n---\n\n{GERMAN}\n", "story.md")
    assert (article.language, article.origins["language"], article.language_given) == (
        "en", "front matter", True)


def test_no_guess_leaves_the_default_and_no_origin():
    article = parse_article(f"Il traghetto torna in servizio\n\n{ITALIAN}\n", "story.txt")
    assert (article.language, article.language_given) == ("en", False)
    assert "language" not in article.origins
