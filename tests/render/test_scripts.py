"""Quotes in every script the cards promise: fallback fonts, right to left, CJK breaking,
hyphenated compounds, French spacing and colour emoji, at every preset of `classic`.

The quotes are our own, in fixtures/scripts/. CJK and colour emoji come from system fonts
(Debian's fonts-noto-cjk and fonts-noto-color-emoji, which .ci/run installs); where they
are missing those cases are skipped with the reason, and a test in test_fonts.py fails
under CI if they are missing there.
"""

from __future__ import annotations

import io
import unicodedata
from functools import cache

import pytest
import zxingcpp
from PIL import Image

from cards import load_article, load_template, verify_quote
from cards.design.model import PRESETS
from cards.files import bundled_dir
from cards.pipeline import card_spec, render_card
from cards.text.breaking import NO_LINE_START
from cards.text.faces import coverage
from cards.text.sysfonts import has_fontconfig, match
from tests.conftest import FIXTURES

SCRIPTS = FIXTURES / "scripts"
CASES = {
    # fixture: (the quote as an editor types it, the speaker)
    "ar": ("سنعيد للناس مكانًا يقرؤون فيه بلا مقابل، ولن نغلقه مرة أخرى", "سارة الحسيني"),
    "ar-mixed": ("صمم John Smith الجسر ليصمد مئة عام، وسيفتح في 2027", "خالد منصور"),
    "he": ("זה המקום היחיד בעיר שבו אף אחד לא שואל מה קנית", "נועה לוי"),
    "fa": ("کتابخانه تنها جایی است که کسی از شما نمی‌پرسد چه خریده‌اید", "مریم احمدی"),
    "ja": ("図書館は、誰もが何も買わずにいられる町で唯一の場所です。これからも扉を開け続けます", "佐藤花子"),
    "zh-Hans": ("图书馆是城里唯一一个没人问你买了什么的地方，我们会一直开着门。", "王小明"),
    "zh-Hant": ("圖書館是城裡唯一一個沒有人問你買了什麼的地方，我們會一直開著門。", "陳美玲"),
    "ko": ("도서관은 아무도 무엇을 샀는지 묻지 않는 이 도시의 유일한 곳입니다", "김민준"),
    "ru": ("Библиотека — единственное место в городе, где никто не спрашивает, что ты купил", "Анна Петрова"),
    "el": ("Η βιβλιοθήκη είναι το μόνο μέρος στην πόλη όπου κανείς δεν σε ρωτά τι αγόρασες", "Ελένη Παππά"),
    "de": ("Die Donaudampfschifffahrtsgesellschaftskapitänsmütze gehört ins Stadtmuseum und nicht in einen feuchten Keller", "Jürgen Weiß"),
    "fr": ("Pourquoi fermer le seul endroit où personne ne vous demande ce que vous avez acheté ?", "Claire Martin"),
    "hi": ("पुस्तकालय शहर की एकमात्र जगह है जहाँ कोई नहीं पूछता कि आपने क्या ख़रीदा।", "प्रिया शर्मा"),
    "emoji": ("We cheered so loudly when the ferry came back 👩‍👩‍👧 👍🏽 🎉", "Tomasz Nowak"),
}
NEEDS_SYSTEM = {"ja": "ja", "zh-Hans": "zh-Hans", "zh-Hant": "zh-Hant", "ko": "ko",
                "emoji": "emoji"}
PROBES = {"ja": "\u3042", "zh-Hans": "\u6C49", "zh-Hant": "\u6F22", "ko": "\uD55C",
          "emoji": "\U0001F600"}


def system_fonts_for(case: str) -> bool:
    if case not in NEEDS_SYSTEM:
        return True
    lang = "" if case == "emoji" else NEEDS_SYSTEM[case]
    return has_fontconfig() and match(PROBES[case], lang, "serif") is not None


@cache
def render(case: str, preset: str):
    if not system_fonts_for(case):
        pytest.skip(f"no system font for {case}: apt-get install fonts-noto-cjk"
                    " fonts-noto-color-emoji")
    article = load_article(str(SCRIPTS / f"{case}.md"))
    typed, speaker = CASES[case]
    quote = verify_quote(article, typed)
    spec = card_spec(article, quote, load_template("classic"), preset, article.url, speaker,
                     story_qr=True)
    card = render_card(spec)
    return card, Image.open(io.BytesIO(card.png())).convert("RGB")


ALL = [(case, preset) for case in CASES for preset in PRESETS]
_INVISIBLE = {"Cf", "Mn", "Me", "Zs"}


@pytest.mark.parametrize("case,preset", ALL)
def test_every_character_is_drawn_by_a_font_that_has_it(case, preset):
    card, _ = render(case, preset)
    blocks = [*card.layout.texts, card.layout.qr.label]
    for block in blocks:
        for line in block.lines:
            for span in line.spans:
                have = coverage(span.face)
                for char in span.text:
                    if unicodedata.category(char) in _INVISIBLE and ord(char) not in have:
                        continue
                    assert ord(char) in have, (block.role, span.face.name, f"U+{ord(char):04X}")


@pytest.mark.parametrize("case,preset", ALL)
def test_card_is_whole_and_its_qr_code_decodes(case, preset):
    card, image = render(case, preset)
    layout = card.layout
    assert image.size == PRESETS[preset]
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [layout.qr.url]
    for block in layout.texts:
        assert block.box.contains(block.extent), block.role
        if block.mark is not None:
            assert block.box.contains(block.mark)
    boxes = list(layout.content_boxes().items())
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1 :]:
            assert not box_a.overlaps(box_b), (a, b)


@pytest.mark.parametrize("case,preset", ALL)
def test_no_line_starts_with_closing_punctuation(case, preset):
    card, _ = render(case, preset)
    for line in card.layout.text("quote").lines[1:]:
        assert line.text[:1] not in NO_LINE_START, line.text


@pytest.mark.parametrize("case", ["ar", "ar-mixed", "he", "fa"])
def test_right_to_left_cards_are_mirrored(case):
    card, _ = render(case, "landscape")
    layout = card.layout
    quote = layout.text("quote")
    assert quote.direction == "rtl"
    # Lines end on the right edge; the first hangs its mark beyond it.
    for i, line in enumerate(quote.lines):
        right = quote.box.right if i == 0 else quote.box.right - quote.hang
        assert line.x + line.width == right
    # The QR code moves to the left, the text to the right.
    assert layout.qr.box.right < quote.box.x
    attribution = layout.text("attribution")
    assert attribution.lines[0].x + attribution.lines[0].width == attribution.box.right


def test_a_latin_name_inside_an_arabic_quote_keeps_its_order():
    card, _ = render("ar-mixed", "landscape")
    spans = [s for line in card.layout.text("quote").lines for s in line.spans]
    latin = [s for s in spans if "John" in s.text or "Smith" in s.text]
    assert latin and all(s.direction == "ltr" for s in latin)
    joined = " ".join(s.text.strip() for s in latin)
    assert "John Smith" in joined or ("John" in joined and "Smith" in joined)
    for line in card.layout.text("quote").lines:
        names = [s for s in line.spans if "John" in s.text or "Smith" in s.text]
        if len(names) == 2:  # on one line, left to right: John before Smith
            assert names[0].text.startswith("John") and names[0].x < names[1].x


@pytest.mark.parametrize("case", ["ja", "zh-Hans", "zh-Hant"])
def test_cjk_breaks_between_characters_not_at_spaces(case):
    card, _ = render(case, "square")
    quote = card.layout.text("quote")
    assert len(quote.lines) > 1
    assert not any(" " in line.text for line in quote.lines)


def test_korean_breaks_at_spaces():
    card, _ = render("ko", "square")
    lines = [line.text for line in card.layout.text("quote").lines]
    words = CASES["ko"][0].split(" ")
    for line in lines:
        for word in line.strip("“”\"").split(" "):
            assert word.strip("“”\".") in words


def test_a_long_german_compound_is_hyphenated():
    card, _ = render("de", "landscape")
    lines = [line.text for line in card.layout.text("quote").lines]
    assert any(line.endswith("-") for line in lines[:-1])
    rejoined = "".join(line[:-1] if line.endswith("-") else line + " " for line in lines)
    assert "Donaudampfschifffahrtsgesellschaftskapitänsmütze" in rejoined


def test_french_quote_has_guillemets_and_thin_spaces():
    card, _ = render("fr", "landscape")
    text = card.layout.text("quote").text
    assert text.startswith("«\u202f") and text.endswith("\u202f»")
    assert "acheté\u202f?" in text


@pytest.mark.parametrize("case,marks", [("de", "„“"), ("ru", "«»"), ("ja", "「」"),
                                         ("zh-Hant", "「」"), ("he", "””")])
def test_each_language_gets_its_own_quotation_marks(case, marks):
    card, _ = render(case, "landscape")
    text = card.layout.text("quote").text
    assert text[0] == marks[0] and text[-1] == marks[1]


def test_emoji_sequences_stay_whole_in_colour():
    card, image = render("emoji", "landscape")
    spans = [s for line in card.layout.text("quote").lines for s in line.spans]
    emoji = [s for s in spans if s.face.strike]
    assert emoji, "the emoji are drawn from a colour font"
    assert any("👩\u200d👩\u200d👧" in s.text for s in emoji)
    assert any("👍🏽" in s.text for s in emoji)
    # Colour really reaches the card: some pixel inside an emoji span is saturated.
    saturated = 0
    for line in card.layout.text("quote").lines:
        for span in (s for s in line.spans if s.face.strike):
            crop = image.crop((span.x, line.baseline - span.size, span.x + span.width,
                               line.baseline))
            saturated += sum(1 for c in crop.get_flattened_data() if max(c) - min(c) > 80)
    assert saturated > 50


def test_language_comes_from_the_quote_when_the_article_has_none(tmp_path):
    from cards import parse_article

    article = parse_article("---\ntitle: T\nurl: https://example.org/t\n---\n\n"
                            "”שלום לכולם, הספרייה פתוחה“, said Noa Levi, who has run the"
                            " library on the corner of the square for ten years.\n", "t.md")
    # English is guessed from the text, not stated: the quote's own script decides the card.
    assert (article.language, article.language_given) == ("en", False)
    quote = verify_quote(article, "שלום לכולם, הספרייה פתוחה")
    spec = card_spec(article, quote, load_template("classic"), "landscape", article.url)
    assert spec.lang == "he" and spec.rtl


def test_no_break_inside_a_web_address_or_a_number():
    from cards.text.breaking import prepare
    from cards.text.runs import chain

    text = "„Alles steht unter https://example.org/a/very/long/path und kostet 1.250,50 Euro“"
    p = prepare(text, chain("Vollkorn-Regular"), "quote", "de")
    units = [text[a:b].strip() for a, b, _ in p.units]
    assert "https://example.org/a/very/long/path" in units
    assert "1.250,50" in units


def test_thai_breaks_between_its_words():
    from cards.text.breaking import prepare
    from cards.text.runs import chain

    # Thai writes no spaces between words, and UAX #14 offers no break inside a run of it:
    # BudouX's Thai model gives the words, and a line may end after any of them.
    text = "ห้องสมุดเปิดแล้ว วันนี้ทุกคนมาได้"
    p = prepare(text, chain("Vollkorn-Regular"), "quote", "th")
    assert [text[a:b] for a, b, _ in p.units] == [
        "ห้อง", "สมุด", "เปิด", "แล้ว ", "วัน", "นี้", "ทุก", "คน", "มา", "ได้"]


def system_fonts_for_thai() -> bool:
    return has_fontconfig() and match("\u0e01", "th", "serif") is not None


def test_figures_are_drawn_with_the_features_they_were_measured_with():
    """Measured with lining figures but drawn without them, "18" reads as "I8"."""
    import msgspec

    from cards.render.spec import CardSpec

    template = load_template("classic")
    spec = CardSpec("“We counted 1888 boats in 2024”", "Ana Ruiz", "Boats", "Gazette",
                    None, template, "landscape")
    old_style = dict(template.sizes)
    for preset, size in template.sizes.items():
        texts = dict(size.texts)
        texts["quote"] = msgspec.structs.replace(texts["quote"], features=("kern", "liga", "onum"))
        old_style[preset] = msgspec.structs.replace(size, texts=texts)
    onum = msgspec.structs.replace(spec, template=msgspec.structs.replace(template, sizes=old_style))
    lining, old = render_card(spec).image.convert("RGB"), render_card(onum).image.convert("RGB")
    assert lining.tobytes() != old.tobytes()


def test_an_article_that_states_english_keeps_english_marks():
    from cards import parse_article

    article = parse_article("---\ntitle: T\nurl: https://example.org/t\nlang: en\n---\n\n"
                            "“Welcome to all our 東京 friends, said the mayor,” said Ana Ruiz.\n",
                            "t.md")
    quote = verify_quote(article, "Welcome to all our 東京 friends, said the mayor")
    spec = card_spec(article, quote, load_template("classic"), "landscape", article.url)
    assert spec.lang == "en" and spec.quote.startswith("“")


def test_a_hebrew_word_inside_english_keeps_its_space():
    from cards import parse_article

    article = parse_article("---\ntitle: T\nurl: https://example.org/t\nlang: en\n---\n\n"
                            "“We say שלום to every visitor,” said Ana Ruiz.\n", "t.md")
    quote = verify_quote(article, "We say שלום to every visitor")
    card = render_card(card_spec(article, quote, load_template("classic"), "wide", article.url))
    spans = [s for line in card.layout.text("quote").lines for s in line.spans]
    hebrew = next(s for s in spans if "שלום" in s.text)
    after = spans[spans.index(hebrew) + 1]
    assert hebrew.text == "שלום" and hebrew.direction == "rtl"
    assert after.text.startswith(" ") and after.x == hebrew.x + hebrew.width


def test_no_break_after_a_hyphen_before_a_short_word():
    from cards.text.breaking import prepare
    from cards.text.runs import chain

    text = "« Peut-on vraiment fermer la bibliothèque ? » a-t-il demandé"
    p = prepare(text, chain("Vollkorn-Regular"), "quote", "fr")
    units = [text[a:b].strip() for a, b, _ in p.units]
    assert "« Peut-on" in units and "a-t-il" in units


def test_a_long_thai_quote_without_spaces_is_set_on_several_lines():
    import unicodedata

    from cards import parse_article

    text = "ห้องสมุดเป็นสถานที่แห่งเดียวในเมืองที่ไม่มีใครถามว่าคุณซื้ออะไรเลยแม้แต่คนเดียว"
    article = parse_article(f"---\ntitle: T\nurl: https://example.org/t\nlang: th\n---\n\n“{text}”\n", "t.md")
    spec = card_spec(article, verify_quote(article, text), load_template("classic"), "landscape",
                     article.url, "Somchai")
    lines = render_card(spec).layout.text("quote").lines
    assert len(lines) > 1
    shown = ["".join(span.text for span in line.spans) for line in lines]
    assert "".join(shown).strip("“”") == text  # nothing lost or added
    # A line never starts with a vowel or tone mark cut from its consonant.
    assert not any(unicodedata.category(line.lstrip("“")[0]) == "Mn" for line in shown)


def test_chinese_quotation_marks_come_from_the_cjk_font():
    card, _ = render("zh-Hans", "landscape")
    first = card.layout.text("quote").lines[0].spans[0]
    assert first.text == "“"
    assert "CJK" in first.face.name


@pytest.mark.parametrize("case,preset", ALL)
def test_margins_hold_in_every_script(case, preset):
    card, _ = render(case, preset)
    layout = card.layout
    m = round(0.06 * min(layout.width, layout.height))
    top, bottom = (250, 1920 - 340) if preset == "story" else (m, layout.height - m)
    for block in layout.texts:
        for box in (block.extent, block.mark):
            if box is None:
                continue
            assert box.x >= m and box.right <= layout.width - m, (block.role, box)
            assert box.y >= top and box.bottom <= bottom, (block.role, box)


def test_a_latin_quote_on_a_right_to_left_card_stays_in_its_box():
    """Found by the property test: a line's end was measured as right-to-left text while
    the line was set left to right, so the two widths disagreed by 9 px."""
    from cards.render.spec import CardSpec

    spec = CardSpec("“AAAAAAAAAAf”", "Ana Ruiz", "A headline", "The Gazette",
                    "https://example.org/story", load_template("classic"), "square", "ar", True)
    quote = render_card(spec).layout.text("quote")
    assert quote.box.contains(quote.extent)


def _emoji_card(quote_text: str):
    from cards import parse_article

    if not system_fonts_for("emoji"):
        pytest.skip("no colour emoji font: apt-get install fonts-noto-color-emoji")
    article = parse_article("---\ntitle: T\nurl: https://example.org/t\nlang: en\n---\n\n"
                            f"“{quote_text}” said Ann Lee, a neighbour of ours.\n", "t.md")
    quote = verify_quote(article, quote_text)
    spec = card_spec(article, quote, load_template("classic"), "landscape", article.url)
    card = render_card(spec)
    return card, Image.open(io.BytesIO(card.png())).convert("RGB")


def test_no_gap_between_an_emoji_and_the_comma_after_it():
    # Noto's cell for 👵 is 1.25 em for a design 0.92 em wide: measured by its cell, the
    # comma's ink stood 16 px off the emoji's at 76 px, more than a space (15 px).
    card, image = _emoji_card("My granny 👵🏽, who is ninety, waved at the ferry")
    block = card.layout.text("quote")
    line = next(line for line in block.lines if "👵🏽" in line.text)
    i = next(k for k, span in enumerate(line.spans) if span.face.strike)
    emoji, comma = line.spans[i], line.spans[i + 1]
    assert comma.text.startswith(",") and comma.x == emoji.x + emoji.width
    background = image.getpixel((2, image.height // 2))
    top, bottom = line.baseline - block.size, line.baseline + block.size // 4

    def inked(x: int) -> bool:
        return any(max(abs(a - b) for a, b in zip(image.getpixel((x, y)), background,
                                                  strict=True)) > 60
                   for y in range(top, bottom))

    emoji_right = max(x for x in range(emoji.x, comma.x) if inked(x))
    comma_left = min(x for x in range(comma.x, comma.x + comma.width) if inked(x))
    gap = comma_left - emoji_right - 1
    # As close as after a letter: "y," leaves 5 px between the inks at this size, the
    # comma's own side bearing; the emoji adds its 0.03 em (6 px in all).
    assert gap <= 0.1 * block.size, gap


EMOJI_TEXT = ("Great👍 news for the harbour: my granny 👵🏽, who is ninety, said hi 👋 to"
              " everyone and we all cheered 🎉🎉 until late")


@pytest.mark.parametrize("width", range(300, 1000, 50))
def test_an_emoji_stays_with_its_word_and_punctuation(width):
    from cards.design.model import Rect, TextStyle
    from cards.text.fitting import Box, Setting, fit_text
    from cards.text.runs import chain

    if not system_fonts_for("emoji"):
        pytest.skip("no colour emoji font: apt-get install fonts-noto-color-emoji")
    style = TextStyle(box=Rect(0, 0, 1, 1), font="Vollkorn-Regular", size_min=24,
                      size_max=80, line_height=1.2, max_lines=8, color="text",
                      align="left", valign="top")
    setting = Setting("quote", chain("Vollkorn-Regular"), "en", False)
    fit = fit_text(style, EMOJI_TEXT, Box(0, 0, width, 500), setting)
    assert fit is not None
    for line in fit.texts[1:]:
        assert line[0] not in "👍👵👋🎉" + NO_LINE_START, fit.texts
    assert "Great👍" in fit.texts[0]


TEMPLATES = sorted(p.parent.name for p in bundled_dir("templates").glob("*/template.toml"))


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("case", list(CASES))
def test_no_design_refuses_a_script_whose_fonts_are_present(case, template):
    """Every design, every preset: the card is made, every line inside its box, and
    what gave way (if anything) is a note, not an error."""
    if not system_fonts_for(case):
        pytest.skip(f"no system font for {case}")
    article = load_article(str(SCRIPTS / f"{case}.md"))
    typed, speaker = CASES[case]
    quote = verify_quote(article, typed)
    loaded = load_template(template)
    for preset in loaded.sizes:
        spec = card_spec(article, quote, loaded, preset, article.url, speaker)
        card = render_card(spec)
        image = Image.open(io.BytesIO(card.png()))
        assert image.size == PRESETS[preset]
        for block in card.layout.texts:
            assert block.box.contains(block.extent), (preset, block.role)
        assert card.layout.text("quote").text.strip()


@pytest.mark.parametrize("template", TEMPLATES)
def test_a_korean_determiner_stays_with_its_noun(template):
    """"않는 이 | 도시의": 이 ("this") left at a line's end, before the glue."""
    if not system_fonts_for("ko"):
        pytest.skip("no system font for ko")
    article = load_article(str(SCRIPTS / "ko.md"))
    typed, speaker = CASES["ko"]
    loaded = load_template(template)
    for preset in loaded.sizes:
        card = render_card(card_spec(article, verify_quote(article, typed), loaded, preset,
                                     article.url, speaker))
        lines = [line.text for line in card.layout.text("quote").lines]
        assert not any(line.endswith(" 이") for line in lines[:-1]), (preset, lines)
