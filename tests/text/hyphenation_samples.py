"""German, Dutch and Finnish quotes full of long compounds, and what to count in how
they are hyphenated: the lines the tests hold to a typesetter's rules, and that
`python -m tests.text.hyphenation_samples` reports on."""

from __future__ import annotations

import re

from cards.design.model import Rect, TextStyle
from cards.text.compounds import joints
from cards.text.fitting import Box, Fit, Setting, fit_text
from cards.text.runs import chain

STYLE = TextStyle(
    box=Rect(0, 0, 1, 1), font="Vollkorn-Regular", size_min=30, size_max=80,
    line_height=1.2, max_lines=8, color="text", align="left", valign="top",
)
WIDTHS = (420, 560, 720, 900)
SAMPLES = {
    "de": [
        "Die Bundesfördermittel für die Kinderbuchabteilung wurden von den"
        " Denkmalschutzbehörden gestrichen.",
        "Das Verwaltungsgericht bestätigte die Krankenversicherungsbeiträge der"
        " Landesregierung ohne Einschränkung.",
        "Unsere Wohnungsbaugesellschaft verlangt Sicherheitsüberprüfungen für alle"
        " Schulsanierungsprogramme im Landkreis.",
        "Der Bundesverkehrsminister lobte die Straßenbahnverlängerung und den"
        " Hauptbahnhofsumbau ausdrücklich.",
        "Die Gesundheitsministerkonferenz fordert Arbeitsschutzmaßnahmen in allen"
        " Pflegeeinrichtungen des Landes.",
        "Ohne Umweltverträglichkeitsprüfung darf das Wasserstoffkraftwerk nicht an"
        " das Stromnetz gehen.",
        "Die Stadtentwicklungsgesellschaft plant Mietpreisbremsenverlängerungen für"
        " sämtliche Innenstadtbezirke.",
        "Die Kinderbetreuungseinrichtungen brauchen dringend Personalaufstockungen und"
        " Landesfördergelder.",
    ],
    "nl": [
        "De verzekeringsmaatschappij betaalt de kinderopvangtoeslag pas na de"
        " gemeenteraadsverkiezingen uit.",
        "Het gezondheidsonderzoek van de overheidsdienst toont dat de"
        " woningbouwcorporaties tekortschieten.",
        "De onderwijsinspectie wil dat alle basisscholen een veiligheidsplan en een"
        " klachtenregeling hebben.",
        "Volgens de belastingdienst zijn de huurtoeslagaanvragen dit jaar sterk"
        " gestegen in de gemeente.",
        "De waterschapsverkiezingen gaan over dijkversterkingsprojecten en"
        " zoetwatervoorzieningen.",
        "Het ministerie van Volksgezondheid steunt de jeugdzorgorganisaties met"
        " subsidieregelingen.",
        "De politieacademie zoekt opleidingscoördinatoren voor haar"
        " recherchekundeprogramma.",
        "De verkeersveiligheidsmaatregelen rond de schoolomgeving zijn volgens de"
        " gemeenteraad onvoldoende.",
    ],
    "fi": [
        "Kaupunginvaltuusto hyväksyi ympäristöministeriön esityksen"
        " joukkoliikennesuunnitelmasta.",
        "Sosiaali- ja terveysministeriö vaatii lisää henkilöstöresursseja"
        " vanhustenhoitolaitoksiin.",
        "Opetushallituksen mukaan perusopetuslain uudistus parantaa"
        " oppimisympäristöjä kaikkialla.",
        "Kansaneläkelaitos maksaa asumistukihakemusten käsittelyn jälkeen"
        " toimeentulotuen.",
        "Liikennevirasto suunnittelee rautatieyhteyden parantamista pääkaupunkiseudulla.",
        "Terveydenhuoltojärjestelmän uudistus vaatii hyvinvointialueiden"
        " yhteistyötä.",
        "Ympäristönsuojeluviranomaiset tarkastavat voimalaitosten päästöraportit"
        " vuosittain.",
        "Kunnallisvaalien ehdokasasettelu päättyy keskusvaalilautakunnan"
        " kokouksessa.",
    ],
}


def fit(text: str, lang: str, width: int) -> Fit | None:
    setting = Setting("quote", chain("Vollkorn-Regular"), lang, False)
    return fit_text(STYLE, text, Box(0, 0, width, 700), setting)


def hyphenated(result: Fit) -> list[bool]:
    """Whether each line ends inside a word (the hyphen is drawn, not in the text)."""
    return [bool(line[-1].hyphen) for line in result.lines[:-1]] + [False]


def ladders(result: Fit) -> int:
    """Runs of three or more hyphenated lines in a row."""
    runs, count = 0, 0
    for h in hyphenated(result):
        if h:
            count += 1
        else:
            runs += count >= 3
            count = 0
    return runs


def breaks(result: Fit, lang: str) -> list[tuple[str, str, bool]]:
    """Each break inside a word: the word's left and right part, and whether it is at
    a compound joint by `compounds.joints`."""
    out = []
    lines = result.texts
    for (a, b), h in zip(zip(lines, lines[1:], strict=False), hyphenated(result),
                         strict=False):
        if not h:
            continue
        left = re.search(r"\w+$", a)
        right = re.match(r"\w+", b)
        assert left is not None and right is not None
        word = left.group() + right.group()
        p = len(left.group())
        out.append((left.group(), right.group(), p in joints(word, [p], lang)))
    return out


def counts(lang: str) -> dict[str, int]:
    total = {"settings": 0, "hyphenated": 0, "ladders": 0, "short": 0, "joint": 0,
             "inside": 0}
    for text in SAMPLES[lang]:
        for width in WIDTHS:
            result = fit(text, lang, width)
            if result is None:
                continue
            total["settings"] += 1
            total["hyphenated"] += sum(hyphenated(result))
            total["ladders"] += ladders(result)
            for left, right, joint in breaks(result, lang):
                total["short"] += min(len(left), len(right)) < 3
                total["joint" if joint else "inside"] += 1
    return total


if __name__ == "__main__":
    for lang in SAMPLES:
        print(lang, counts(lang))
