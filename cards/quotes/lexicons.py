"""The words attributions are made of, per language: verbs of saying, "according to",
determiners, pronouns, and the titles and roles that come before a name.

Plain data for `speakers`. A verb list covers the forms news writing uses beside a
quotation (past and present, French and Spanish compound tenses, French inversion);
it does not try to be a dictionary: a missed verb costs a speaker, a wrong one a
wrong name on a card.
"""

from __future__ import annotations

import functools
import re

from msgspec import Struct


class Lexicon(Struct, frozen=True):
    verbs: re.Pattern[str]
    preps: re.Pattern[str]  # "according to": the speaker follows
    postps: re.Pattern[str] | None  # "Müller zufolge": the speaker comes before
    participles: re.Pattern[str]  # "…, saying": the speaker is the clause's subject
    after_only: str  # a word that attributes only right after a quotation: „…“, so Müller
    determiners: frozenset[str]
    pronouns: frozenset[str]
    stop: frozenset[str]  # words that end a noun phrase or a name read forwards
    titles: frozenset[str]  # dropped before a name
    roles: tuple[str, ...]  # German compound roles, by ending: Thomaskantor, Ministerin
    not_names: frozenset[str]  # capitalised words that are not names: Monday, Dazu
    particles: frozenset[str]  # lower-case words inside names: von der Leyen, de Gaulle
    organisations: frozenset[str]  # after a particle, a body, not a surname
    not_people: frozenset[str]  # last words that make a name a place or a body
    null_subject: bool  # a verb alone may attribute ("”, dijo.")
    inversion: bool  # French -t-il / -elle after the verb
    # "zh", "ja", "ar": names without capitals, read by `speakers`' own rules for them;
    # `titles` then holds the roles and honorifics beside a name, `stop` the words that
    # end one, `surnames` the family names a Chinese name must start with.
    script: str = ""
    surnames: frozenset[str] = frozenset()

    def is_role(self, token: str) -> bool:
        low = token.lower()
        return any(low.endswith((role, role + "in")) for role in self.roles)


def _verbs(*alternatives: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{'|'.join(alternatives)})(?![\w-])")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_WEEKDAYS_MONTHS = _words("""
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
    June July August September October November December
    Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag Januar Februar März Mai Juni
    Juli Oktober Dezember
    Lundi Mardi Mercredi Jeudi Vendredi Samedi Dimanche Janvier Février Mars Avril Juin
    Juillet Août Septembre Octobre Novembre Décembre
    Lunes Martes Miércoles Jueves Viernes Sábado Domingo Enero Febrero Marzo Abril Mayo Junio
    Julio Agosto Septiembre Octubre Noviembre Diciembre
""")
_ORGANISATIONS = _words("""
    University Universität Université Universidad Foundation Stiftung Fondation Fundación
    Ministry Ministerium Ministère Ministerio Council Rat Conseil Consejo Institute Institut
    Instituto Gobierno Gouvernement Regierung Partido Parti Partei Comisión Commission
    Kommission Banco Banque Bank
""")
_NOT_PEOPLE = _words("""
    Street Avenue Road Lane Square Park Bridge River Station City County State Council Board
    Department Library School College University Hospital Church Hall Center Centre Museum
    Market Company Club House Court Times Post News
""")

_EN_JOB_TITLES = _words("""
    CEO CFO COO CTO President Vice Mayor Senator Sen. Rep. Gov. Governor Councillor Councilor
    Councilwoman Councilman Chief Executive Director Secretary Minister Prime Chair Chairman
    Chairwoman Commissioner Judge Superintendent Principal Professor Prof. Librarian
    Spokesperson Spokeswoman Spokesman Manager Coach Officer Detective Sgt. Lt. Capt.
    Chancellor Deputy Assistant General Attorney Fire Police Parent Resident Volunteer Teacher
    Nurse Pastor Captain Sheriff Trustee Treasurer Alderman Alderwoman Dean
""")


def _english() -> Lexicon:
    return Lexicon(
        verbs=_verbs(
            "said|says|say|told|tells|added|adds|noted|notes|wrote|writes|asked|asks|explained"
            "|explains|argued|argues|continued|continues|reads|read|recalled|recalls|remembered"
            "|remembers|insisted|insists|replied|replies|responded|stated|states|warned|warns"
            "|admitted|admits|acknowledged|announced|declared|joked|remarked|observed|suggested"
            "|urged|emphasized|emphasised|posted|tweeted|confirmed|conceded|cautioned|predicted"
            "|concluded|testified|pointed out|points out"
        ),
        preps=re.compile(r"\b[Aa]ccording to\s+"),
        postps=None,
        participles=re.compile(r"\b(?:saying|adding|noting|writing|telling|explaining|arguing)\b"),
        after_only="",
        determiners=_words("a an the one another"),
        pronouns=_words("he she they"),
        stop=_words("""
            which who that in at on for of with from to as and but when while after before
            during because last this yesterday today monday tuesday wednesday thursday friday
            saturday sunday told said by about outside inside near behind under over into
            against among between following despite since until without within through
        """),
        # Courtesy titles go too: the card names the person, as the paper's next mention does.
        titles=_EN_JOB_TITLES | _words("Mr. Mrs. Ms. Mx. Dr. Mr Mrs Ms Dr Prof"),
        roles=(),
        not_names=_WEEKDAYS_MONTHS | _words("""
            The A An In As On At But And When While After Later Then Now Today Yesterday Also
            Still Meanwhile However So
        """),
        particles=_words("de van von der da di du del"),
        organisations=_ORGANISATIONS,
        not_people=_NOT_PEOPLE,
        null_subject=False,
        inversion=False,
    )


def _german() -> Lexicon:
    return Lexicon(
        verbs=_verbs(
            "sagte|sagt|sagten|sagen|erklärte|erklärt|erklärten|betonte|betont|meinte|meint"
            "|ergänzte|ergänzt|fügte|fügt|berichtete|berichtet|erzählte|erzählt|warnte|warnt"
            "|kritisierte|kritisiert|forderte|fordert|schrieb|schreibt|teilte|teilt|antwortete"
            "|antwortet|versicherte|versichert|unterstrich|unterstreicht|bekräftigte|bekräftigt"
            "|erläuterte|erläutert|bestätigte|bestätigt|räumte|räumt|mahnte|mahnt|resümierte"
            "|beklagte|beklagt|lobte|lobt|findet|fand|glaubt|glaubte|sprach|spricht"
        ),
        preps=re.compile(r"\b[Ll]aut\s+"),
        postps=re.compile(r"\s+zufolge\b"),
        participles=re.compile(r"$^"),
        after_only="so",
        determiners=_words("der die das den dem des ein eine einer einem einen eines"),
        pronouns=_words("er sie"),
        stop=_words("""
            der die das den dem des und oder in im am an auf bei beim für mit nach von vom vor
            zu zum zur über gegenüber als wie heute gestern dazu dabei auch noch laut zufolge
            sagte sagt der gegenüber dieser diese
        """),
        titles=_words("Frau Herr Hr. Fr. Dr. Prof. Dr Prof"),
        roles=(
            "meister", "kapitän", "minister", "präsident", "sprecher", "direktor", "chef", "leiter",
            "vorsitzende", "vorsitzender", "kanzler", "professor", "pfarrer", "kantor", "landrat",
            "trainer", "geschäftsführer", "intendant", "superintendent", "abgeordnete",
            "abgeordneter", "staatssekretär", "senator", "stadtrat", "richter", "anwalt", "rektor",
            "dekan", "bischof", "kommissar", "experte", "expertin", "forscher", "ökonom",
            "analyst", "dirigent", "manager", "gründer", "inhaber", "polizist",
        ),
        not_names=_WEEKDAYS_MONTHS | _words("""
            Der Die Das Den Dem Des Ein Eine Im Am In Auf Bei Mit Nach Vor Für Dazu Dann Danach
            Heute Gestern Auch Doch Aber Und Nun Jetzt Später Zudem Außerdem Dabei Darauf
            Daraufhin So Schließlich Allerdings Deshalb Daher Trotzdem Laut Wie Er Sie Es
        """),
        particles=_words("von der van den zu vom"),
        organisations=_ORGANISATIONS,
        not_people=_NOT_PEOPLE | _words("Straße Platz Kirche Stadt Schule Chor Verein Zeitung"),
        null_subject=False,
        inversion=False,
    )

_FR_PRESENT = (
    "dit|déclare|explique|affirme|ajoute|estime|souligne|indique|précise|assure|confie"
    "|raconte|poursuit|conclut|lance|insiste|rappelle|reconnaît|admet|observe|note|juge"
    "|regrette|dénonce|martèle|répond|prévient|avertit|écrit|témoigne|commente|résume"
    "|relève|tranche|glisse|ironise|renchérit|souffle|annonce|réagit|constate|confirme"
    "|analyse|détaille|plaide|avance|déplore|salue|nuance|reprend|continue|défend"
    "|considère|pense|croit|demande|interroge"
)
_FR_PARTICIPLE = (
    "dit|déclaré|expliqué|affirmé|ajouté|estimé|souligné|indiqué|précisé|assuré|confié"
    "|raconté|poursuivi|conclu|lancé|insisté|rappelé|reconnu|admis|observé|noté|jugé"
    "|regretté|dénoncé|martelé|répondu|prévenu|averti|écrit|témoigné|commenté|résumé"
    "|relevé|tranché|glissé|ironisé|renchéri|soufflé|annoncé|réagi|constaté|confirmé"
    "|analysé|détaillé|plaidé|avancé|déploré|salué|nuancé|repris|continué|défendu"
    "|considéré|pensé|cru|demandé|interrogé"
)


def _french() -> Lexicon:
    return Lexicon(
        verbs=_verbs(
            rf"(?:a|avait|aurait|ont)-t-(?:il|elle|on|ils|elles)\s+(?:{_FR_PARTICIPLE})",
            rf"(?:{_FR_PRESENT})(?:-t)?-(?:il|elle|on|ils|elles)",
            rf"(?:a|ont|avait|aurait)\s+(?:{_FR_PARTICIPLE})",
            _FR_PRESENT,
        ),
        preps=re.compile(r"\b(?:[Ss]elon|[Dd]['’]après)\s+"),
        postps=None,
        participles=re.compile(r"\ben\s+(?:déclarant|affirmant|expliquant|ajoutant|estimant)\b"),
        after_only="",
        determiners=_words("le la les l’ l' un une des du"),
        pronouns=_words("il elle ils elles"),
        stop=_words("""
            de du des à au aux en dans sur pour par avec qui que lors et mais ce cette le la
            les lundi mardi mercredi jeudi vendredi samedi dimanche hier aujourd’hui
        """),
        titles=_words("M. Mme Mme. Mlle Mlle. MM. Me Me. Dr Dr. Pr Pr. Monsieur Madame"),
        roles=(),
        not_names=_WEEKDAYS_MONTHS | _words("""
            Le La Les L’ Un Une Des Du Au Aux En Dans Pour Selon Mais Et Puis Ensuite Alors Enfin
            Hier Aujourd’hui Il Elle Ce Cette
        """),
        particles=_words("de d’ du des la le"),
        organisations=_ORGANISATIONS,
        not_people=_NOT_PEOPLE | _words("Rue Place Église Ville Mairie Conseil"),
        null_subject=False,
        inversion=True,
    )

_ES_PAST = (
    "dijo|afirmó|explicó|señaló|aseguró|declaró|añadió|agregó|indicó|sostuvo|comentó"
    "|manifestó|destacó|subrayó|advirtió|apuntó|expresó|precisó|respondió|insistió|relató"
    "|contó|reconoció|admitió|criticó|concluyó|recordó|enfatizó|remarcó|puntualizó|aclaró"
    "|detalló|opinó|consideró|escribió|sentenció|dijeron|afirmaron|explicaron|señalaron"
)
_ES_PRESENT = (
    "dice|afirma|explica|señala|asegura|declara|añade|agrega|indica|sostiene|comenta"
    "|manifiesta|destaca|subraya|advierte|apunta|expresa|precisa|responde|insiste|relata"
    "|cuenta|reconoce|admite|concluye|recuerda|aclara|detalla|opina|considera|escribe"
)
_ES_PARTICIPLE = (
    "dicho|afirmado|explicado|señalado|asegurado|declarado|añadido|agregado|indicado"
    "|sostenido|comentado|manifestado|destacado|subrayado|advertido|expresado|respondido"
    "|reconocido|admitido|recordado|aclarado"
)


def _spanish() -> Lexicon:
    return Lexicon(
        verbs=_verbs(rf"(?:ha|había|han|habría)\s+(?:{_ES_PARTICIPLE})", _ES_PAST, _ES_PRESENT),
        preps=re.compile(r"\b(?:[Ss]egún|[Dd]e acuerdo con)\s+"),
        postps=None,
        participles=re.compile(r"\b(?:diciendo|afirmando|explicando|señalando|añadiendo)\b"),
        after_only="",
        determiners=_words("el la los las un una unos unas"),
        pronouns=_words("él ella ellos ellas"),
        stop=_words("""
            de del en a al con por para que quien y pero el la los las este esta sobre tras
            ayer hoy lunes martes miércoles jueves viernes sábado domingo
        """),
        titles=_words("Sr. Sra. Srta. D. Dña. Dr. Dra. Lic."),
        roles=(),
        not_names=_WEEKDAYS_MONTHS | _words("""
            El La Los Las Un Una En Con Por Para Según Pero Y Luego Después Entonces Hoy Ayer
            Además También Finalmente Él Ella
        """),
        particles=_words("de del la los"),
        organisations=_ORGANISATIONS,
        not_people=_NOT_PEOPLE | _words("Calle Plaza Iglesia Ciudad Ayuntamiento"),
        null_subject=True,
        inversion=False,
    )

# Chinese, Japanese and Arabic: the common attributions only (X说：“…”, X氏は「…」と述べた,
# قال X: «…»). A name there has no capital to recognise it by, so these lists are what
# keeps a role or a clause out of the name; anything they do not cover gets no speaker.
_ZH_ROLES = _words("""
    研究员 教授 副教授 局长 副局长 部长 主任 院长 校长 所长 馆长 处长 厅长 省长 市长 县长
    区长 镇长 村长 总统 总理 主席 书记 董事长 总经理 经理 总裁 首席执行官 执行官 发言人
    新闻发言人 专家 记者 医生 院士 博士 教练 主教练 队长 负责人 工程师 科学家 宇航员 航天员
    委员 代表 大使 学者 作家 律师 法官 议员 老师 创始人 主管 分析师 经济学家 官员 部长助理
""")
# Common family names (single and compound): a Chinese name of two to four characters
# is taken only when it starts with one, so "研究人员说" or "今天他说" name no one.
# Those that also start common words (文章, 高层, 方面, 明确, 金融) are left out: a
# 文先生 goes unnamed rather than a 文章 named.
_ZH_SURNAMES = frozenset("".join("""
    王李张刘陈杨黄赵吴周徐孙马朱胡郭林罗郑梁谢宋唐韩冯邓曹彭肖董袁潘蒋蔡余杜叶程苏魏吕
    丁沈姚卢姜崔钟谭陆汪廖贾夏韦付邹孟熊秦邱尹薛闫段雷侯陶黎贺顾毛郝龚邵钱严覃武戴莫孔汤施
    牛樊葛邢乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿兰焦俞柳符舒阮柯纪梅童凌裴霍涂苗盛翁冉骆蓝辛
    靳柴蒙鲍喻祁蒲滕屈饶牟艾尤穆卓吉缪项芦麦褚娄窦戚岑费卜晏卫柏宗瞿桂佟臧闵苟邬卞姬栾隋刁
    巫寇桑郎甄丛仲虞敖巩佘邝
""".split())) | _words("欧阳 司马 上官 诸葛 东方 夏侯 皇甫 令狐 慕容 尉迟")


def _chinese() -> Lexicon:
    return Lexicon(
        verbs=re.compile(r"(?:说|表示|指出|强调|介绍|称)"),
        preps=re.compile(r"据"),
        postps=None,
        participles=re.compile(r"$^"),
        after_only="",
        determiners=frozenset(),
        pronouns=frozenset(),
        # Words between a name and its verb: 张伟还说, 张伟对记者表示.
        stop=_words("""
            还 也 则 又 再次 同时 随后 进一步 补充 解释 回忆 介绍 今天 昨天 当天 日前 近日 对记者
            向记者
        """),
        titles=_ZH_ROLES,
        roles=(),
        # Time words a name may follow (周一张伟说): dropped from the front.
        not_names=_words("""
            周一 周二 周三 周四 周五 周六 周日 周末 今天 昨天 当天 今年 去年 此前 随后 同时 当时
            日前 近日 此外 另外 对此 其中
        """),
        particles=frozenset(),
        organisations=frozenset(),
        not_people=frozenset(),
        null_subject=False,
        inversion=False,
        script="zh",
        surnames=_ZH_SURNAMES,
    )


def _japanese() -> Lexicon:
    return Lexicon(
        # After と: 述べた, 語った, 話した, 説明した, 強調した, 指摘した, 明かした, 言った, 答えた.
        verbs=re.compile(r"(?:述べ|語|話|説明|強調|指摘|明か|言っ|答え|訴え|コメント)"),
        preps=re.compile(r"(?:によると|によれば)"),
        postps=None,
        participles=re.compile(r"$^"),
        after_only="",
        determiners=frozenset(),
        pronouns=frozenset(),
        stop=frozenset(),
        # The honorific or title after a name, dropped: 山田氏, 田中さん, 佐藤教授.
        titles=_words("""
            氏 さん 教授 准教授 博士 社長 会長 首相 大統領 監督 選手 議員 知事 市長 大臣 長官
            委員長 局長 部長 館長 院長 所長 代表 理事長 学長 校長
        """),
        roles=(),
        not_names=frozenset(),
        particles=frozenset(),
        organisations=frozenset(),
        not_people=frozenset(),
        null_subject=False,
        inversion=False,
        script="ja",
    )

_AR_VERB = (
    r"(?:[وف])?(?:قال|قالت|[أا]ضاف|[أا]ضافت|[أا]كد|[أا]كدت|[أا]وضح|[أا]وضحت|صرح|صرحت"
    r"|تابع|تابعت)"
)


def _arabic() -> Lexicon:
    return Lexicon(
        verbs=re.compile(rf"(?<!\S){_AR_VERB}(?!\S)"),
        preps=re.compile(r"(?<!\S)(?:و)?(?:ب)?حسب\s+|(?<!\S)(?:و)?وفق(?:ا|اً|ًا)\s+لـ?\s*"),
        postps=None,
        participles=re.compile(r"$^"),
        after_only="",
        determiners=frozenset(),
        pronouns=frozenset(),
        # Words that end a name read forwards: قال ترامب في بيان, قال هورلي إن.
        stop=_words("""
            في إن ان أن إنه انه إنها انها من على عن إلى الى خلال أمس اليوم بعد قبل مساء صباح
            الذي التي عبر لدى أثناء حين عندما يوم الأحد الاثنين الثلاثاء الأربعاء الخميس الجمعة
            السبت لوكالة للصحفيين لصحيفة لقناة لموقع مجددا أيضا كذلك بدوره بدورها لاحقا سابقا
            ضرورة أهمية استعداد رفض دعم عزم بيان
        """),
        # Roles before a name, dropped with the words with ال that qualify them (رئيس الناسا).
        titles=_words("""
            رئيس الرئيس رئيسة الرئيسة وزير الوزير وزيرة الوزيرة مدير المدير مديرة المديرة
            المتحدث المتحدثة الناطق الناطقة السيد السيدة الدكتور الدكتورة د. البروفيسور الأستاذ
            رائد رائدة العالم الخبير الخبيرة قائد القائد النائب السفير الشيخ الأمين مؤسس المؤسس
            الملياردير المهندس الطبيب مسؤول مسؤولة مصدر مصادر متحدث متحدثة خبير خبراء
        """),
        roles=(),
        not_names=frozenset(),
        particles=frozenset(),
        organisations=frozenset(),
        not_people=frozenset(),
        null_subject=False,
        inversion=False,
        script="ar",
    )


# Each language's words, built the first time an article in that language needs them:
# compiling every language's verbs costs a cold command 3 ms, and an article needs one.
_BUILDERS = {
    "en": _english, "de": _german, "fr": _french, "es": _spanish,
    "zh": _chinese, "ja": _japanese, "ar": _arabic,
}  # fmt: skip


@functools.cache
def words_of(lang: str) -> Lexicon | None:
    """The words of `lang` (a bare language code), or None for a language with none."""
    build = _BUILDERS.get(lang)
    return build() if build else None


@functools.cache
def merged() -> Lexicon:
    """All four languages' words at once, for an article in another language (or none
    that its text shows): a verb of any of them counts. The Spanish verb-alone
    attribution is left out: without knowing the language it would misfire. Chinese,
    Japanese and Arabic are read by their own rules, not merged."""
    parts = [words for lang in ("en", "de", "fr", "es") if (words := words_of(lang))]

    def join(patterns: list[re.Pattern[str]]) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p.pattern})" for p in patterns))

    def union(name: str) -> frozenset[str]:
        return frozenset().union(*(getattr(p, name) for p in parts))

    return Lexicon(
        verbs=join([p.verbs for p in parts]),
        preps=join([p.preps for p in parts]),
        postps=join([p.postps for p in parts if p.postps]),
        participles=join([p.participles for p in parts]),
        after_only="|".join(p.after_only for p in parts if p.after_only),
        determiners=union("determiners"),
        pronouns=union("pronouns"),
        stop=union("stop"),
        titles=union("titles"),
        roles=tuple(role for p in parts for role in p.roles),
        not_names=union("not_names"),
        particles=union("particles"),
        organisations=union("organisations"),
        not_people=union("not_people"),
        null_subject=False,
        inversion=True,
    )
