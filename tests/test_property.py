"""Random quotes from the covered scripts: each renders inside its box with every
character from a font that has it, or fails with the error meant for that case
(a quote too long is a LayoutError, a character no font has a FontError); never
another exception."""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cards import load_template
from cards.errors import FontError, LayoutError, QuoteError
from cards.pipeline import render_card
from cards.render.spec import CardSpec
from cards.text.faces import coverage

ALPHABETS = {
    "latin": "abcdefghijklmnopqrstuvwxyzéèàüößçñøåæœłšž ABCDEFGHIJÉÜ",
    "greek": "αβγδεζηθικλμνξοπρστυφχψωάέήίόύώ ΑΒΓΔ",
    "cyrillic": "абвгдежзийклмнопрстуфхцчшщъыьэюяё АБВГД",
    "arabic": "ابتثجحخدذرزسشصضطظعغفقكلمنهوي ",
    "hebrew": "אבגדהוזחטיכלמנסעפצקרשת ",
    "devanagari": "कखगघचछजझटठडढणतथदधनपफबभमयरलवशषसह ािीुूेैोौं",
    "hiragana": "あいうえおかきくけこさしすせそたちつてとなにぬねの",
    "punctuation": " ,.;:!?—–…()«»„“”‘’0123456789",
}
TEMPLATE = load_template("classic")


@st.composite
def quotes(draw: st.DrawFn) -> str:
    scripts = draw(st.lists(st.sampled_from(sorted(ALPHABETS)), min_size=1, max_size=3))
    alphabet = "".join(ALPHABETS[name] for name in scripts) + " "
    text = draw(st.text(alphabet=alphabet, min_size=1, max_size=220))
    text = " ".join(text.split())
    return text or "a"


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(text=quotes(), preset=st.sampled_from(["landscape", "square", "story"]),
       rtl=st.booleans())
def test_random_quotes_render_or_fail_cleanly(text, preset, rtl):
    spec = CardSpec(f"“{text}”", "Ana Ruiz", "A headline", "The Gazette",
                    "https://example.org/story", TEMPLATE, preset, "ar" if rtl else "en", rtl)
    try:
        card = render_card(spec)
    except (LayoutError, FontError, QuoteError):
        return
    for block in card.layout.texts:
        assert block.box.contains(block.extent), block.role
        for line in block.lines:
            for span in line.spans:
                have = coverage(span.face)
                for char in span.text:
                    assert ord(char) in have or unicodedata.category(char) in ("Cf", "Mn", "Zs"), (
                        f"U+{ord(char):04X} drawn from {span.face.name}")
