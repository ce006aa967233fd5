"""Who said a quotation: the attribution beside it, in English, German, French or Spanish
(and the common patterns of Chinese, Japanese and Arabic), and the full name or the
person a pronoun stands for, from the rest of the article.

`find` hands this module the words around each quotation (the sentence before its
opening mark, the words after its closing mark, the attribution that interrupts it) and
gets back a name, a noun phrase ("the employee", "die Ministerin") or `PRONOUN`;
`name_speakers` then completes surnames and resolves pronouns across the article.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from msgspec import Struct

from cards.article.language import common_word_votes
from cards.article.model import Article
from cards.quotes import uncased
from cards.quotes.lexicons import Lexicon, merged, words_of
from cards.text.languages import script_language

# What `speaker_*` return for "she said", "sagte er", "a-t-elle ajouté" or a Spanish
# verb with no subject ("”, dijo."): someone named earlier, if the text makes it plain.
PRONOUN = "\x00pronoun"

_TOKEN_RE = re.compile(r"[\w’'.-]+|[^\w\s]")
# A particle that can start the lower-case part of a name: "von der Leyen", not "Müller
# der Zeitung".
_LEAD_PARTICLES = {"von", "van", "de", "del", "da", "di", "du", "zu", "dos", "das", "d’"}
_INVERSION_RE = re.compile(r"-(?:t-)?(?:il|elle|ils|elles|on)\b")


@lru_cache(maxsize=8)
def lexicon(article: Article) -> Lexicon:
    """The verbs and words of the article's language; all four European languages' for
    any other language, or for text that only has the default "en" and reads as none of
    them. Text in Chinese, Japanese or Arabic script reads as that language."""
    lang = article.language.split("-")[0].lower()
    if lang == "en" and not article.language_given:
        lang = script_language(article.text) or _guess_language(article.text)
    return words_of(lang) or merged()


def _guess_language(text: str) -> str:
    """The one of en, de, fr, es whose commonest words `text` uses most ("" if none): a
    lower bar than an article's language guess, since a lexicon that fits some of the
    text beats the merged one."""
    count, lang = common_word_votes(re.findall(r"[^\W\d_]+", text.lower()))[0]
    return lang if count >= 3 else ""


def _cap(token: str) -> bool:
    return token[:1].isupper()


def _word(token: str) -> bool:
    return bool(re.match(r"\w", token))


def clean_name(tokens: Sequence[str], lex: Lexicon) -> str | None:
    """A name without the titles and roles before it: "CEO Satya Nadella" -> "Satya
    Nadella", "Thomaskantor Andreas Reize" -> "Andreas Reize", "M. Dupont" -> "Dupont".
    A template puts a role on its own line if it wants one."""
    words = [t for t in tokens if t]
    while words and words[0] in lex.not_names:
        words = words[1:]
    # "Tarrant County Sheriff Dee Anderson": what comes before a title is its place.
    titled = [k for k, w in enumerate(words[:-1]) if w in lex.titles or lex.is_role(w)]
    if titled:
        words = words[titled[-1] + 1 :]
    while len(words) > 1 and (
        words[0] in lex.titles or lex.is_role(words[0]) or re.fullmatch(r"[A-Z]{2,4}", words[0])
    ):
        words = words[1:]
    return " ".join(words) or None


def _name_run(tokens: Sequence[str], lex: Lexicon) -> list[str]:
    """The capitalised words at the start of `tokens` that make a name, with particles
    inside it ("Ursula von der Leyen", "Charles de Gaulle")."""
    name: list[str] = []
    k = 0
    while k < len(tokens):
        token = tokens[k]
        if _cap(token) and _word(token) and token not in lex.not_names:
            if token.lower() in lex.stop and name:
                break
            name.append(token)
            k += 1
            continue
        particles = k
        while particles < len(tokens) and tokens[particles] in lex.particles and (
            particles > k or tokens[particles] in _LEAD_PARTICLES
        ):
            particles += 1
        if name and particles > k and particles < len(tokens) and _cap(tokens[particles]):
            following = tokens[particles + 1 : particles + 2]
            body = tokens[particles] in lex.organisations
            if not body and not (following and _cap(following[0])):
                name.extend(tokens[k : particles + 1])
                k = particles + 1
                continue
        break
    return name


def _backward(text: str, lex: Lexicon) -> str | None:
    """The speaker named right before a verb: "a Microsoft employee", "Satya Nadella",
    "she", "die Ministerin". `text` ends where the verb begins."""
    appositive = re.search(r"([^\W\d_][\w’'.-]*(?:\s+[\w’'.-]+){0,3}),\s+[^,]{2,60},\s*$", text)
    if appositive:  # "Ana Ruiz, the branch manager, said": the name, not the role
        words = appositive.group(1).split()
        if all(_cap(w) or w in lex.particles for w in words) and _cap(words[-1]):
            return clean_name(words, lex)
    taken: list[str] = []
    lower = 0
    for token in reversed(_TOKEN_RE.findall(text)):
        word = token.lower()
        if not _word(token):
            break
        if word in lex.pronouns and not taken:
            return PRONOUN
        if word in lex.determiners:
            if taken:
                return " ".join([token, *taken])  # a noun phrase keeps the article's words
            return None
        if _cap(token) and token not in lex.not_names:
            taken.insert(0, token)
        elif token in lex.particles and taken and _cap(taken[0]):
            taken.insert(0, token)
        elif any(_cap(t) for t in taken) or lower == 3 or word in lex.stop or _cap(token):
            break
        else:
            lower += 1
            taken.insert(0, token)
    while taken and taken[0] in lex.particles:
        taken = taken[1:]
    if taken and all(_cap(t) or t in lex.particles for t in taken):
        return clean_name(taken, lex)
    return None  # "critics said": no one the card could name


def _noun_phrase(tokens: Sequence[str], rest: str, lex: Lexicon) -> str | None:
    """The speaker a determiner starts: "the letter", "la ministre", or the name in it
    or beside it ("le maire Jean Dupont", "el alcalde, Juan Pérez")."""
    if tokens[0].lower() == "one" and len(tokens) > 3 and tokens[1] == "of":
        return " ".join(tokens[:4])  # one of the organisers
    phrase = [tokens[0]]
    for token in tokens[1:6]:
        if not _word(token) or token.lower() in lex.stop or token.lower() in lex.determiners:
            break
        phrase.append(token)
    if len(phrase) == 1:
        return None
    lowered = [k for k, t in enumerate(phrase[1:], 1) if not _cap(t)]
    caps = _name_run(phrase[lowered[-1] + 1 :] if lowered else phrase[1:], lex)
    if caps and (lowered or len(caps) > 1 and (lex.is_role(caps[0]) or caps[0] in lex.titles)):
        return clean_name(caps, lex)
    appositive = re.match(
        rf"\s*{re.escape(phrase[-1])}\s*,\s*([^\W\d_][\w’'.-]*(?:\s+[\w’'.-]+){{0,4}}?)\s*(?:[,.;]|$)",
        rest[rest.find(phrase[-1]) :],
    )
    if appositive:
        name = _name_run(appositive.group(1).split(), lex)
        if len(name) >= 2 and len(name) == len(appositive.group(1).split()):
            return clean_name(name, lex)
    return " ".join(phrase)


def _forward(text: str, lex: Lexicon, phrases: bool = True) -> str | None:
    """The speaker named right after a verb: "said Ana Ruiz", "reads the letter",
    "sagte er", "estime M. Dupont". With `phrases` false only a name or pronoun counts
    (after a verb before the quote, "told the Courier" names who was told)."""
    tokens = _TOKEN_RE.findall(text)
    if not tokens:
        return None
    first = tokens[0].lower()
    if first in lex.determiners or re.match(r"l[’']\w", first):
        return _noun_phrase(tokens, text, lex) if phrases else None
    if first in lex.pronouns:
        return PRONOUN
    skipped = 0
    while skipped < min(3, len(tokens)) and _word(tokens[skipped]) and not _cap(tokens[skipped]):
        if tokens[skipped].lower() in lex.determiners:
            return None
        skipped += 1  # "said library director Ana Ruiz"
    name = _name_run(tokens[skipped:], lex)
    # "said Fort Worth attorney Bill Berenson": a place or body before the role, the
    # person after it.
    rest = tokens[skipped + len(name) :]
    role = 0
    while role < min(2, len(rest)) and rest[role].islower() and rest[role] not in lex.stop:
        role += 1
    later = _name_run(rest[role:], lex) if name and role else []
    if len(later) >= 2:
        name = later
    return clean_name(name, lex) if name else None


_ABBREVIATION_RE = re.compile(r"(?:\b[A-Z]|Mr|Mrs|Ms|Dr|Dra|St|Jr|Sr|Sra|Srta|Prof|Rev|Gov|Sen"
                              r"|Rep|Mme|Mlle|Hr|Fr|Pr|Me|Lic|Dña|Sgt|Lt|Capt)$")


def _sentence_ends(text: str) -> Iterable[re.Match[str]]:
    """The full stops, question and exclamation marks in `text` that end a sentence:
    not the one in "M. Dupont" or "Dr. Ruiz"."""
    for m in re.finditer(r"[.!?]+[”\"’»«“)]?(?=\s|$)", text):
        if m.group(0)[0] == "." and _ABBREVIATION_RE.search(text[: m.start()]):
            continue
        yield m


def _first_sentence(text: str) -> str:
    return next((text[: m.start()] for m in _sentence_ends(text)), text)


def _sentence_start(text: str) -> int:
    """Where the last sentence of `text` begins (0 if it is all one sentence)."""
    start = 0
    for m in _sentence_ends(text):
        rest = text[m.end() :].lstrip()
        if rest[:1].isupper() or rest[:1] in "“\"„«»‚‘¿¡":
            start = m.end()
    return start


def attribution_after(after: str, lex: Lexicon) -> tuple[bool, str | None]:
    """Whether the words after a quotation's closing mark are its attribution (”, she
    said. / “, so Müller. / », a-t-elle ajouté), and who it names."""
    if lex.script:
        return uncased.AFTER[lex.script](after, lex)
    sentence = _first_sentence(after)
    lead = re.match(rf"\s*,?\s*(?:{lex.after_only})\s+", sentence) if lex.after_only else None
    if lead:  # „…“, so Müller.
        return True, _forward(sentence[lead.end() :], lex)
    prep = lex.preps.search(sentence)
    if prep and len(sentence[: prep.start()].split()) <= 8:
        who = _forward(sentence[prep.end() :], lex)
        if who:
            return True, who
    post = lex.postps.search(sentence) if lex.postps else None
    if post and len(sentence[: post.start()].split()) <= 6:
        who = _backward(sentence[: post.start()], lex)
        if who:
            return True, who
    verb = lex.verbs.search(sentence)
    if verb is None or len(sentence[: verb.start()].split()) > 8:
        return False, None
    if _INVERSION_RE.search(verb.group(0)) and lex.inversion:
        return True, PRONOUN  # a-t-elle ajouté, dit-il
    if not sentence[: verb.start()].strip(" ,"):
        who = _forward(sentence[verb.end() :], lex)  # ”, said Ana Ruiz.
        if who is None and lex.null_subject and not re.search(r"\w", sentence[verb.end() :]):
            return True, PRONOUN  # ”, dijo.
        return True, who
    return True, _backward(sentence[: verb.start()], lex)  # ”, Ana Ruiz said.


def interruption(middle: str, lex: Lexicon) -> tuple[bool, str | None]:
    """Whether `middle`, between two quotations of one paragraph, is an attribution that
    interrupts one quotation (“A,” she said, “B.”), and who it names."""
    masked = re.sub(r"\b(\w+)\.(?=\s)", lambda m: m.group(0) if not _ABBREVIATION_RE.fullmatch(
        m.group(1)) else m.group(1) + "·", middle)
    if not re.fullmatch(r"\s*,?[^.!?“”\"„«»「」]{2,80},\s*", masked):
        return False, None
    return attribution_after(middle, lex)


def speaker_before(before: str, lex: Lexicon, attributed: bool = False) -> str | None:
    """The speaker in the words of a quotation's sentence before its opening mark: "Ana
    Ruiz said:", "According to Ana Ruiz,", "Laut Müller", "Dazu sagte Müller:".
    `attributed`: a verb of saying follows the quotation (Japanese 「…」と述べた, which
    the name before it, 山田氏は, needs)."""
    if lex.script:
        return uncased.BEFORE[lex.script](before, lex, attributed)
    before = before[_sentence_start(before) :]
    prep = lex.preps.search(before)
    if prep:
        who = _forward(before[prep.end() :], lex)
        if who:
            return who
    post = lex.postps.search(before) if lex.postps else None
    if post:
        who = _backward(before[: post.start()], lex)
        if who:
            return who
    verbs = list(lex.verbs.finditer(before))
    if verbs:
        verb = verbs[-1]
        if _INVERSION_RE.search(verb.group(0)) and lex.inversion:
            return PRONOUN
        who = _backward(before[: verb.start()], lex) or _forward(
            before[verb.end() :], lex, phrases=False
        )
        if who:
            return who
    if lex.participles.search(before):
        # The subject of the clause: skip a short opener such as "Soon after,".
        clause = re.sub(r"^[^,]{0,25},\s*", "", before)
        return _forward(clause, lex) if clause[:1].isupper() else None
    return None


# Chinese, Japanese and Arabic: names with no capital to find them by. Each reader takes
# the common patterns only and names no one when the words around the verb are not
# plainly a name: a wrong name on a card is worse than none.

# Resolving names across the article.


# A word as `_mentions` takes them (a letter, then letters, digits, apostrophes and
# hyphens, and a full stop if one follows), and a run of them each one space from the
# last, which a word ending in a full stop ends ("Mr." "Smith" are two runs).
_TOKEN = r"[^\W\d_][\w’'-]*\.?"
_RUN = re.compile(rf"{_TOKEN}(?:(?<!\.) {_TOKEN})*")


def _mentions(text: str, lex: Lexicon) -> list[tuple[int, str]]:
    """(offset, name) for each run of two to four capitalised words, as a person is
    first introduced ("Harold Finch, 82, …"); used to complete a surname an attribution
    gives alone, and to see who is in view of a pronoun. Runs of words are found by one
    regular expression, and one with no capital skipped whole: 0.33 ms a page of the
    benchmark corpus against 0.77 ms walking the text word by word, which found the
    same names (tests/quotes/test_mentions.py)."""
    found: list[tuple[int, str]] = []
    for run in _RUN.finditer(text):
        words = run.group(0).split(" ")
        if not any(_cap(w) for w in words):
            continue
        n = len(words)
        offsets = [run.start()]
        for w in words[:-1]:
            offsets.append(offsets[-1] + len(w) + 1)
        k = 0
        while k < n:
            start = k
            while start < n and (not _cap(words[start]) or words[start] in lex.not_names):
                start += 1
            end = start
            while end < n and (_cap(words[end]) or words[end] in lex.particles):
                end += 1
            if end - start >= 2 and _cap(words[end - 1]):
                name = clean_name(words[start:end], lex)
                if name:
                    found.append((offsets[start], name))
            k = max(end, k + 1)
    return found


def _full_name(name: str, by_last_word: dict[str, set[str]]) -> str:
    """A surname alone ("Nadella") as the full name given earlier ("Satya Nadella"),
    when exactly one earlier name ends with it (`by_last_word`: the names mentioned so
    far, by their last word)."""
    if " " in name:
        return name
    matches = by_last_word.get(name, set())
    return next(iter(matches)) if len(matches) == 1 else name


def _people_in(paragraph: str, people: Iterable[str]) -> list[str]:
    """The known speakers a paragraph mentions by name or surname, first to last."""
    hits = []
    for person in people:
        surname = person.split()[-1]
        if surname not in paragraph:  # most are not: no pattern to run
            continue
        m = re.search(rf"\b{re.escape(surname)}\b", paragraph)
        if m:
            hits.append((m.start(), person))
    return [person for _, person in sorted(hits)]


def _same_person(a: str, b: str) -> bool:
    return a.split()[-1] == b.split()[-1]


def _resolve_pronoun(
    current: list[str], previous: list[str], named_before: list[str], paragraph: str, lex: Lexicon
) -> str | None:
    """The person a "she said" refers to, when that is plain. Nearest first: the one
    person this paragraph names before the quote as saying something ("Maria Lopez said
    on Monday …", "sagte Maria Lopez"); else the only speaker named in this paragraph,
    or else the only one in the previous paragraph, provided no other person is named
    before the quote. With two people in view the card would be guessing, so it names no
    one: a wrong name on a quote is worse than none."""
    people = {name for name in named_before if name.split()[-1] not in lex.not_people}
    verbs = lex.verbs.pattern
    talkers = {
        name for name in people
        if re.search(rf"\b{re.escape(name)}\b(?:,[^,.]{{1,60}},)?\s+(?:{verbs})", paragraph)
        or re.search(rf"(?:{verbs})\s+{re.escape(name)}\b", paragraph)
    }  # fmt: skip
    if len(people) == 1 and len(talkers) == 1:
        return talkers.pop()
    for known in (current, previous):
        if known:
            if len(set(known)) > 1 or any(not _same_person(p, known[0]) for p in people):
                return None
            return known[0]
    return None


def _talking(known: list[str], before: str, lex: Lexicon) -> str | None:
    """The one known speaker the paragraph has saying something before a quotation that
    has no attribution of its own ("Lawrence says she hopes … “But they don’t know …”"),
    when no one else is named there."""
    verbs = lex.verbs.pattern
    talking = {
        person for person in known
        if re.search(rf"\b{re.escape(person.split()[-1])}\b\s+(?:{verbs})", before)
        or re.search(rf"(?:{verbs})\s+(?:\w+\s+)?{re.escape(person.split()[-1])}\b", before)
    }  # fmt: skip
    others = {m for _, m in _mentions(before, lex)} - set(known)
    if len(talking) == 1 and not any(not _same_person(m, next(iter(talking))) for m in others):
        return talking.pop()
    return None


class Said(Struct, frozen=True):
    """A quotation's attribution as found beside it: the paragraph it opens in, where
    its opening mark is, the raw speaker (a name, a noun phrase, `PRONOUN`, None), and
    whether a verb of saying stands beside it ("critics said" names no one, but says
    the quotation is not the previous speaker's)."""

    paragraph: int
    at: int
    who: str | None
    attributed: bool = False


def name_speakers(article: Article, lex: Lexicon, found: Sequence[Said]
                  ) -> list[tuple[str | None, bool]]:
    """The speaker of each of `found` (in article order): surnames completed from an
    earlier mention, pronouns resolved where plain, and a quotation without its own
    attribution given the one before it in the same paragraph ("…,” she said. “…”) or
    the one person the paragraph has talking; one whose attribution names no one
    ("critics said") or a pronoun no one plainly stands for is left unnamed. Each comes
    with whether it is who a pronoun was taken to stand for ("she added"), there or in
    the quotation before it: cards cannot tell whether "she" or "he" fits a name, so an
    editor should look."""
    # Each step looks only at what it needs (names by their last word, mentions by
    # offset), so an article of thousands of quotations costs no more per quotation.
    speakers: dict[str, None] = {}  # people attributed so far, in order, for pronouns
    in_previous: list[str] = []
    introduced = _mentions(article.text, lex)
    at_offsets = [at for at, _ in introduced]
    by_last_word: dict[str, set[str]] = {}
    seen = 0  # mentions before the end of the current paragraph
    result: list[tuple[str | None, bool]] = []
    offset = 0
    k = 0
    for index, paragraph in enumerate(article.paragraphs):
        while seen < len(introduced) and introduced[seen][0] < offset + len(paragraph):
            name = introduced[seen][1]
            by_last_word.setdefault(name.rsplit(" ", 1)[-1], set()).add(name)
            seen += 1
        in_paragraph = _people_in(paragraph, speakers)
        previous: str | None = None
        previous_by_pronoun = False
        while k < len(found) and found[k].paragraph == index:
            item = found[k]
            speaker = item.who
            by_pronoun = speaker == PRONOUN
            if speaker == PRONOUN:
                first = bisect.bisect_left(at_offsets, offset)
                last = bisect.bisect_left(at_offsets, offset + item.at)
                named_before = [name for _, name in introduced[first:last]]
                speaker = _resolve_pronoun(in_paragraph, in_previous, named_before, paragraph, lex)
            elif speaker and speaker.split()[0].lower() not in lex.determiners:
                speaker = _full_name(speaker, by_last_word)
                speakers[speaker] = None
                in_paragraph.append(speaker)
            if speaker is None and not item.attributed:
                by_pronoun = previous_by_pronoun and previous is not None
                speaker = previous or _talking(in_paragraph, paragraph[: item.at], lex)
            by_pronoun = by_pronoun and speaker is not None
            previous, previous_by_pronoun = speaker, by_pronoun
            result.append((speaker, by_pronoun))
            k += 1
        in_previous = in_paragraph
        offset += len(paragraph) + 2
    return result


def is_named(speaker: str | None, lex: Lexicon) -> bool:
    """Whether `speaker` is a person's name, not a description ("an employee")."""
    return bool(speaker) and speaker.split()[0].lower() not in lex.determiners  # type: ignore[union-attr]
