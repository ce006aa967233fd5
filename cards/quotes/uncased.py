"""Attributions in scripts without capital letters to mark a name: the common patterns of
Chinese (X说：“…”), Japanese (X氏は「…」と述べた) and Arabic (قال X: «…»).

Conservative on purpose: a name must look like one (a family name from the lexicon, an
honorific, one to three words after the verb), since no speaker is better than a wrong
one on a card."""

from __future__ import annotations

import re

from cards.quotes.lexicons import Lexicon

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

_KATAKANA = "\u30a0-\u30ff"  # with ・ and ー

_DOTS = "·•・"

# 丹尼尔·霍特(Daniel Huot)表示: the original spelling between the name and the verb.
_GLOSS_RE = re.compile(r"\s*[（(][^（()）]{1,60}[）)]\s*$")


def _last_clause(text: str) -> str:
    """What follows the last full stop (or line break) of `text`."""
    return re.split(r"[。！？!?\n]|\.(?=\s)", text)[-1]


def _zh_name(text: str, lex: Lexicon) -> str | None:
    """The Chinese name `text` ends with, as it ends right before a verb of saying:
    "研究员张伟" -> "张伟", "发言人丹尼尔·霍特(Daniel Huot)" -> "丹尼尔·霍特". Two to four
    characters starting with a common family name, or a transliteration with its dot;
    "他", "研究人员", "馆长" alone are no one."""
    text = _GLOSS_RE.sub("", text)
    stripped = True
    while stripped:
        stripped = False
        for word in lex.stop:
            if text.endswith(word):
                text, stripped = text[: -len(word)], True
    run = re.search(rf"[{_HAN}{_DOTS}]*$", text)
    name = re.split(r"[的之和与及是在]", run.group(0) if run else "")[-1]
    roles = [name.rfind(role) + len(role) for role in lex.titles if role in name]
    if roles:
        name = name[max(roles) :]
    else:
        stripped = True
        while stripped:
            stripped = False
            for word in lex.not_names:
                if name.startswith(word):
                    name, stripped = name[len(word) :], True
    parts = re.split(rf"[{_DOTS}]", name)
    if len(parts) > 1:  # 戴夫·汉森
        first = 6 if roles else 4
        if all(parts) and len(parts) <= 3 and len(parts[0]) <= first and len(name) <= 12:
            return name
        return None
    if not 2 <= len(name) <= 4 or re.search(r"[他她们]", name):
        return None
    return name if name[0] in lex.surnames or name[:2] in lex.surnames else None


def _zh_before(before: str, lex: Lexicon, attributed: bool) -> str | None:
    """X说：“…”, 研究员X表示：“…”, 据X介绍，“…”."""
    clause = _last_clause(before)
    verb = re.search(rf"(?:{lex.verbs.pattern})道?\s*[：:，,]?\s*$", clause)
    who = _zh_name(clause[: verb.start()], lex) if verb else None
    pattern = rf"(?<!根)据([^，,。：:“”]{{2,20}}?)(?:{lex.verbs.pattern}|透露)?[，,：:]"
    according = list(re.finditer(pattern, clause))
    if who is None and according:
        who = _zh_name(according[-1].group(1), lex)
    return who


def _zh_after(after: str, lex: Lexicon) -> tuple[bool, str | None]:
    """“…”X说。: the clause right after the closing mark ends with a verb of saying."""
    clause = re.split(r"[。，,；;！？!?：:“”]", after.lstrip(), maxsplit=1)[0]
    verb = re.fullmatch(rf"(.{{1,20}}?)(?:{lex.verbs.pattern})道?", clause)
    if verb is None:
        return False, None
    return True, _zh_name(verb.group(1), lex)


def _ja_patterns(lex: Lexicon) -> tuple[str, str]:
    """A name with its honorific (山田氏, 田中さん, ティム・クック社長) as a pattern whose
    group 1 is the name, and the verbs after と."""
    honorifics = "|".join(sorted(lex.titles, key=len, reverse=True))
    name = rf"(?<![{_HAN}{_KATAKANA}々])([{_KATAKANA}]{{2,20}}|[{_HAN}々]{{2,4}}?)(?:{honorifics})"
    return name, lex.verbs.pattern


def _ja_name(name: str) -> str | None:
    name = name.strip("・ー").removesuffix("副")
    return name if len(name) >= 2 else None


def _ja_before(before: str, lex: Lexicon, attributed: bool) -> str | None:
    """X氏は「…」と述べた (the verb after the quotation is required), X氏によると「…」."""
    clause = _last_clause(before)
    name, _ = _ja_patterns(lex)
    according = list(re.finditer(rf"{name}(?:{lex.preps.pattern})", clause))
    if according:
        return _ja_name(according[-1].group(1))
    if attributed:
        subject = list(re.finditer(rf"{name}(?:は|が)[、，]?[^「」『』、]{{0,12}}$", clause))
        if subject:
            return _ja_name(subject[-1].group(1))
    return None


def _ja_after(after: str, lex: Lexicon) -> tuple[bool, str | None]:
    """「…」と述べた, 「…」と山田氏は語った."""
    name, verbs = _ja_patterns(lex)
    named = re.match(rf"と[、，]?{name}(?:は|が)?[^。「」]{{0,15}}?(?:{verbs})", after)
    if named:
        return True, _ja_name(named.group(1))
    return bool(re.match(rf"と[、，]?[^。「」]{{0,15}}?(?:{verbs})", after)), None


def _ar_name(text: str, lex: Lexicon) -> str | None:
    """The one to three words of a name at the start of `text`, up to a comma, a colon,
    a quotation mark or a word that ends a name (في, إن, خلال): "ترامب في بيان" ->
    "ترامب". A role before it goes, with the words that qualify it ("رئيس الناسا جيم
    برايدنستاين" -> "جيم برايدنستاين"); a role alone, or a noun with ال ("المسؤولون"), is
    no one."""
    clause = re.split(r"[،,:؛;«»\"“”(.!?؟]", text, maxsplit=1)[0]
    name: list[str] = []
    role = False
    for word in clause.split():
        if not name and word in lex.titles:
            role = True
        elif not name and role and word.startswith("ال"):
            continue
        elif word in lex.stop or word.startswith(("لل", "لـ", "بال")) or word.endswith("ـ"):
            break
        else:
            name.append(word)
    if not 1 <= len(name) <= 3 or name[0].startswith("ال"):
        return None
    if not all(re.fullmatch(r"[^\W\d_]+", word) for word in name):
        return None
    return " ".join(name)


def _ar_before(before: str, lex: Lexicon, attributed: bool) -> str | None:
    """قال X: «…», وقال X إن «…», بحسب X، «…», وفقا لـX: the last such words of the
    sentence before the quotation, the name right after them."""
    clause = _last_clause(before)
    found = [*lex.verbs.finditer(clause), *lex.preps.finditer(clause)]
    if not found:
        return None
    last = max(found, key=lambda m: m.start())
    return _ar_name(clause[last.end() :], lex)


def _ar_after(after: str, lex: Lexicon) -> tuple[bool, str | None]:
    """«…»، قال X. / «…»، بحسب X."""
    lead = re.match(rf"\s*[،,]?\s*(?:{lex.verbs.pattern}|{lex.preps.pattern})\s*", after)
    if lead is None:
        return False, None
    return True, _ar_name(after[lead.end() :], lex)


BEFORE = {"zh": _zh_before, "ja": _ja_before, "ar": _ar_before}

AFTER = {"zh": _zh_after, "ja": _ja_after, "ar": _ar_after}
