"""Articles of our own for measuring how cost grows with an article: a council transcript
with any number of attributed quotations, and narration to pad it to any size."""

from __future__ import annotations

import random

NAMES = ("Ana Ruiz", "Tomasz Nowak", "Lena Fischer", "Omar Haddad", "Grace Okafor",
         "Ivan Petrov", "Mei Chen", "Sofia Rossi", "Jonas Berg", "Priya Nair")
TOPICS = ("the branch libraries", "the harbour ferry", "the bus depot", "the school roof",
          "the night market", "the river path", "the youth centre", "the parking fees")
VERBS = ("said", "asked", "added", "replied", "told the council")
NARRATION = ("Members of the public filled the gallery, and several residents stood at the"
             " back of the hall for the whole of the evening while the clerk read the"
             " figures for each ward in turn.")


def transcript(quotations: int, size: int = 0, seed: int = 1) -> str:
    """Markdown with front matter: `quotations` attributed quotations, and narration
    paragraphs until the text is at least `size` characters."""
    r = random.Random(seed)
    paragraphs = ["The council met on Tuesday evening to discuss the budget for next year."]
    for i in range(quotations):
        topic = r.choice(TOPICS)
        quote = (f"We have looked at {topic} for {r.randint(2, 9)} months and item {i} shows"
                 f" that the cost is {r.choice(['lower', 'higher', 'the same'])} than we"
                 " thought")
        paragraphs.append(f"“{quote},” {r.choice(NAMES)} {r.choice(VERBS)}.")
        if i % 3 == 0:
            paragraphs.append(f"The discussion then turned to {r.choice(TOPICS)}.")
    text = "\n\n".join(paragraphs)
    if size > len(text):
        padding = "\n\n".join([NARRATION] * ((size - len(text)) // len(NARRATION) + 1))
        text = text + "\n\n" + padding
    return ("---\ntitle: Council meeting transcript\nurl: https://example.org/council\n"
            "site: The Harbour Gazette\nlang: en\n---\n\n" + text + "\n")
