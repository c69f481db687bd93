"""Hangul romanization and Hangul–Latin cognate keys.

Korean news writes foreign names and loanwords in Hangul (트럼프 for *Trump*, 배터리 for
*battery*) and Korean names in Latin letters on the English side (박성민 as *Park Sung-min*).
Such words are strong evidence that two sentences translate each other. This module turns a
word into a small set of *cognate keys* so that the two spellings of one word meet on a key,
while unrelated words seldom do.

``romanize(text)``
    Revised Romanization (RR, 2000) of every Hangul syllable, letter by letter. A syllable is
    decomposed arithmetically (``code = 0xAC00 + (initial * 21 + medial) * 28 + final``) and its
    letters looked up in the RR tables; ``ㄹㄹ`` across a syllable boundary is written ``ll``.
    The sound-change rules of RR (assimilation as in 신라 → *Silla*, liaison as in 한국어 →
    *hangugeo*) are not applied: 한국어 gives *hangukeo*. Other characters pass through.

``cognate_keys(word, lang)``
    Keys of one word: a *consonant skeleton* (vowels, ``w``, ``y`` and silent letters dropped,
    similar consonants merged into one class, repeats collapsed), e.g. ``TLMP`` for 트럼프 and
    *Trump*. The classes are ``P`` (p b f v ph; ㅂ ㅃ ㅍ), ``T`` (t d; ㄷ ㄸ ㅌ and RR final
    ``t``), ``K`` (k g c q; ㄱ ㄲ ㅋ), ``S`` (s z j ch sh; ㅅ ㅆ ㅈ ㅉ ㅊ), ``L`` (l r; ㄹ),
    ``M``, ``N`` (n, and the ``ng`` of 영 or *Young*), ``H`` (a pronounced h; ㅎ). Spellings
    with two readings give alternative keys (at most 8 a word): English ``ch`` is ``S`` or
    ``K``, ``th`` is ``T`` or ``S``, ``g`` before e/i/y is ``K`` or ``S``, and an ``r`` after a
    vowel and not before one is kept (*Obrador*, 오브라도르) or dropped as in non-rhotic
    English (*computer*, 컴퓨터; *Park*, 박).

    Korean words lose up to two trailing particles first (트럼프는, 배터리를, 포럼에서,
    기업들은 → 기업); only the stripped form is keyed (keying 것은 as well as 것 met
    *according* by chance). A three-syllable Korean word that starts with a common surname is
    also keyed with the surname's usual English spellings (이명박 → *Lee Myung-bak*, 박성민 →
    *Park Sung-min*) and by its given name alone (성민 → *Sung-min*). Korean text keys only
    Hangul words and English text only Latin words: Latin tokens inside Korean text are the
    anchor feature's business.

``sentence_keys(text, lang)``
    The union of ``cognate_keys`` over a sentence's words. For English it also keys each pair
    of adjacent capitalised words joined, in both orders, so that *Park Sung-min* and
    *Sung-min Park* both meet 박성민.

The guard against chance matches
    A skeleton of fewer than :data:`MIN_SKELETON` (3) consonant classes gives no key. With
    eight classes there are only 64 two-class skeletons and a Korean sentence has fifteen or so
    words, so two-class keys would match unrelated sentences all the time (Kim, Kang, Sung,
    Shin, Lee are all that short). Common English words that Korean does not borrow (*after*,
    *since*, *during*, weekdays, months) and inflected forms (*-ing*, *-ed*, *-ly*) need one
    class more: their three-class skeletons met native Korean words (다른, 선수) by chance.
    ``strict=True`` asks one class more of every lowercase English word, leaving three-class
    keys to capitalised words (names such as *McCain*, *Brett*).

    Two-class words get a *vowel-pattern* key instead, which also marks each vowel (``V``), if
    it has at least two vowels: ``v:LVSV`` for 러시아 and *Russia*, but none for 서울 and
    *Seoul* (``SVL``, one vowel). Korean's ㅡ, the vowel it adds to spell a lone consonant, is not marked, and
    neither are English glides (y, w before a vowel) and a silent final e. On the English side
    only capitalised words that are not common words get one (*Iraq*, *Obama*, *Syria*): in
    lowercase they met native Korean words such as 세계 or 미래 too often. This raised the
    true-pair rate below by 0.04-0.06 and the random-pair rate by 0.01.

    Short surnames are keyed by name instead (``nm:박`` for a capitalised *Park* and for 박
    standing alone, as in 박 장관은), and only the surnames that are rare as ordinary
    one-syllable words: 이 (this), 한 (one), 전 (former), 안 (not), 원 (won) and the like never
    give a name key.

Measured on the gold 1-1 beads (``.venv/bin/python scripts/train_lexicon.py measure``): the
share of sentence pairs with at least one common key (``sentence_keys``), for true pairs, for
the false pairs of a Korean sentence with the English neighbours of its translation (±1), and
for random pairs of the set (5,000 drawn, seed 0):

    =========  ======  =====  ==========  ===============  ============
    set        strict  beads  true pairs  neighbour pairs  random pairs
    =========  ======  =====  ==========  ===============  ============
    ntrex-dev  no       1056       0.607            0.233         0.078
    park-dev   no        721       0.589            0.246         0.083
    ntrex-dev  yes      1056       0.562            0.206         0.043
    park-dev   yes       721       0.533            0.200         0.051
    =========  ======  =====  ==========  ===============  ============

So a shared key is strong evidence against a random pair (precision 0.89, strict 0.93, at one
true pair per random one) but weaker against neighbours, which often name the same people
(Trump or Obama in every sentence of a story). Weight a shared key by its rarity in the
document and by its length: keys of 3 classes carry most chance matches (``SNS``: *Chinese*
and 선수).
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata

__all__ = ["MIN_SKELETON", "cognate_keys", "romanize", "sentence_keys", "skeletons", "strip_particles"]

MIN_SKELETON = 3
"""The fewest consonant classes a skeleton needs to give a key (the chance-match guard)."""

_HANGUL_FIRST = 0xAC00
_HANGUL_LAST = 0xD7A3

_RR_INITIALS = (
    "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h",
)  # fmt: skip
_RR_MEDIALS = (
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae",
    "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i",
)  # fmt: skip
_RR_FINALS = (
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l",
    "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t",
)  # fmt: skip
_INITIAL_RIEUL = 5
_MEDIAL_EU = 18  # ㅡ, the vowel Korean inserts to spell a lone consonant (트럼프 for Trump)
_FINAL_RIEUL = 8

# Skeleton classes of the jamo, in the order of the Unicode syllable arithmetic.
_INITIAL_CLASS = (
    "K", "K", "N", "T", "T", "L", "M", "P", "P", "S", "S", "", "S", "S", "S", "K", "T", "P", "H",
)  # fmt: skip
_FINAL_CLASS = (
    "", "K", "K", "K", "N", "N", "N", "T", "L", "K", "M", "L", "L", "L",
    "P", "L", "M", "P", "P", "T", "T", "N", "T", "T", "K", "T", "P", "T",
)  # fmt: skip

_MAX_VARIANTS = 8
_LATIN_VOWELS = frozenset("aeiouyw")
_FRONT_VOWELS = frozenset("eiy")

# Trailing particles and suffixes; the longest is stripped first, so 에서는 goes before 는.
_PARTICLES = frozenset(
    [
        "에서는", "에게서", "으로는", "으로서", "으로써", "에서도", "에서의", "에게는", "까지는",
        "부터는", "이라는", "이라고", "이라며", "라는", "라고", "라며", "에서", "에게", "으로",
        "까지", "부터", "보다", "처럼", "께서", "와의", "과의", "에는", "에도", "에의", "이나",
        "이며", "이다", "이고", "한테", "마저", "조차", "만큼", "은", "는", "이", "가", "을",
        "를", "의", "에", "로", "와", "과", "도", "만", "들", "씨",
    ]
)  # fmt: skip
_PARTICLE_LENGTHS = sorted({len(p) for p in _PARTICLES}, reverse=True)
_MAX_STRIP = 2

# Common surnames and their usual English spellings. Every surname here keys three-syllable names; the
# ones in _STANDALONE_SURNAMES also give a name key when written alone.
_SURNAMES: dict[str, tuple[str, ...]] = {
    "김": ("kim", "gim"), "이": ("lee", "yi", "rhee", "rhie", "i"), "박": ("park", "bak", "pak"),
    "최": ("choi", "choe"), "정": ("jung", "jeong", "chung", "jong"), "강": ("kang", "gang"),
    "조": ("cho", "jo"), "윤": ("yoon", "yun"), "장": ("jang", "chang"), "임": ("lim", "im", "rim"),
    "한": ("han",), "오": ("oh", "o"), "서": ("seo", "suh"), "신": ("shin", "sin"),
    "권": ("kwon", "gwon"), "황": ("hwang",), "안": ("ahn", "an"), "송": ("song",),
    "류": ("ryu", "yoo", "yu", "lyu"), "유": ("yoo", "yu"), "전": ("jeon", "chun", "jun"),
    "홍": ("hong",), "고": ("ko", "go"), "문": ("moon", "mun"), "양": ("yang",),
    "손": ("son", "sohn"), "배": ("bae", "pae"), "백": ("baek", "paik", "paek"), "허": ("heo", "huh"),
    "노": ("roh", "noh", "no"), "남": ("nam",), "심": ("shim", "sim"), "곽": ("kwak", "gwak"),
    "성": ("sung", "seong"), "차": ("cha",), "주": ("joo", "ju"), "우": ("woo",), "구": ("koo", "gu"),
    "민": ("min",), "나": ("na", "ra"), "진": ("jin", "chin"), "엄": ("eom", "um"), "채": ("chae",),
    "원": ("won",), "천": ("cheon", "chun"), "방": ("bang",), "공": ("kong", "gong"),
    "현": ("hyun", "hyeon"), "함": ("ham",), "변": ("byun", "byeon"), "염": ("yeom", "yum"),
    "여": ("yeo",), "추": ("choo", "chu"), "석": ("seok", "suk"), "선": ("sun", "seon"),
    "설": ("seol", "sul"), "길": ("gil", "kil"), "표": ("pyo",), "명": ("myung", "myeong"),
    "반": ("ban",), "왕": ("wang",), "탁": ("tak",), "리": ("ri", "lee"),
}  # fmt: skip
_STANDALONE_SURNAMES = frozenset("김박최윤임황권곽류홍송허정장신강조")


def _index_surnames() -> dict[str, frozenset[str]]:
    """Map each English spelling of a standalone surname to its Hangul syllables."""
    index: dict[str, set[str]] = {}
    for hangul in _STANDALONE_SURNAMES:
        for spelling in _SURNAMES[hangul]:
            index.setdefault(spelling, set()).add(hangul)
    return {spelling: frozenset(hangul) for spelling, hangul in index.items()}


_SURNAME_OF_SPELLING = _index_surnames()
_POSSESSIVE = re.compile(r"['’]s$")
# Common English words that Korean does not borrow; the shortest skeletons of these matched native Korean
# words by chance (during/다른, since/선수), so they need one consonant class more.
_COMMON_ENGLISH_WORDS = """
    about above across after again against ahead almost along already also although always among another
    anyone anything around asked because become becomes been before began begin behind being below better
    between beyond both bring brought called came cannot certain change changed close come comes coming
    could course decided despite does doing done down during each early either else enough even ever every
    everyone everything fact feel felt find first following for force forces former forward found from
    further gave general get gets getting give given gives giving goes going gone good got great had has
    have having help her here himself his however into just keep kind know known large last later least
    less like likely made make makes making many may might more most much must near need never next none
    nor not nothing now number often once only other others over part people perhaps place placed plan
    plans point put rather really received recent said same say saying says second seemed seems seen
    several should show showed since small some something soon still such take taken taking than that
    their them then there these they thing things think this those though through thus time told too
    toward towards turn turned under until upon used using very want wanted was way well were what when
    where whether which while who whole whose why will with within without would year years yet your
    monday tuesday wednesday thursday friday saturday sunday january february march april june july
    august september october november december million billion thousand hundred percent
"""
_COMMON_ENGLISH = frozenset(_COMMON_ENGLISH_WORDS.split())
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")
_LATIN_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_SUPPORTED_LANGS = ("en", "ko")


def _is_syllable(char: str) -> bool:
    return _HANGUL_FIRST <= ord(char) <= _HANGUL_LAST


def _decompose(char: str) -> tuple[int, int, int]:
    offset = ord(char) - _HANGUL_FIRST
    return offset // (21 * 28), (offset // 28) % 21, offset % 28


def romanize(text: str) -> str:
    """Romanize the Hangul syllables of ``text`` by Revised Romanization, letter by letter.

    Args:
        text: any text; characters other than precomposed Hangul syllables pass through unchanged.

    Returns:
        The text with each syllable replaced by its RR letters, e.g. ``romanize("한국") == "hanguk"`` and
        ``romanize("박성민") == "bakseongmin"``. Sound-change rules are not applied (see the module notes).
    """
    out: list[str] = []
    previous_final = 0
    for char in text:
        if not _is_syllable(char):
            out.append(char)
            previous_final = 0
            continue
        initial, medial, final = _decompose(char)
        if initial == _INITIAL_RIEUL and previous_final == _FINAL_RIEUL:
            out.append("l")
        else:
            out.append(_RR_INITIALS[initial])
        out.append(_RR_MEDIALS[medial])
        out.append(_RR_FINALS[final])
        previous_final = final
    return "".join(out)


def _collapse(classes: list[str]) -> str:
    out: list[str] = []
    for cls in classes:
        if cls and (not out or out[-1] != cls):
            out.append(cls)
    return "".join(out)


def _hangul_skeleton(word: str, *, vowels: bool = False) -> str:
    classes: list[str] = []
    for char in word:
        initial, medial, final = _decompose(char)
        classes.append(_INITIAL_CLASS[initial])
        if vowels and medial != _MEDIAL_EU:
            classes.append("V")
        classes.append(_FINAL_CLASS[final])
    return _collapse(classes)


def _ascii_letters(word: str) -> str:
    """Lowercase ASCII letters of a Latin word; a romanized syllable's final ng (Jong-un) loses its g."""
    decomposed = unicodedata.normalize("NFKD", word.lower()).replace("ng-", "n-")
    return "".join(c for c in decomposed if "a" <= c <= "z")


def _latin_alternatives(word: str, *, drop_coda_r: bool, vowels: bool = False) -> list[tuple[str, ...]]:
    """The consonant classes of a lowercase ASCII word, one tuple of alternatives per sound.

    With ``vowels``, each vowel letter not a glide (y, w) nor a silent final e gives a ``V``.
    """
    sounds: list[tuple[str, ...]] = []
    n = len(word)
    i = 0
    while i < n:
        c = word[i]
        nxt = word[i + 1] if i + 1 < n else ""
        prev = word[i - 1] if i > 0 else ""
        pair = c + nxt
        if pair in ("ph", "sh", "th", "ch", "ck", "gh", "wh", "rh"):
            i += 2
            if pair == "ph":
                sounds.append(("P",))
            elif pair == "sh":
                sounds.append(("S",))
            elif pair == "th":
                sounds.append(("T", "S"))
            elif pair == "ch":
                sounds.append(("S", "K"))
            elif pair == "ck" or (pair == "gh" and i == 2):  # a word-initial gh is hard: Ghana
                sounds.append(("K",))
            elif pair == "rh":
                sounds.append(("L",))
            continue
        i += 1
        if c in _LATIN_VOWELS:
            silent_e = c == "e" and i == n and n > 3 and prev not in _LATIN_VOWELS
            glide = c == "w" or (c == "y" and nxt in _LATIN_VOWELS)
            if vowels and not silent_e and not glide:
                sounds.append(("V",))
            continue
        if c in "pbfv":
            sounds.append(("P",))
        elif c in "td":
            sounds.append(("T",))
        elif c in "kq":
            sounds.append(("K",))
        elif c == "c":
            sounds.append(("S",) if nxt in _FRONT_VOWELS else ("K",))
        elif c == "g":
            if prev == "n" and (not nxt or (nxt not in _LATIN_VOWELS and nxt not in "lr")):
                continue
            if nxt in _FRONT_VOWELS:
                sounds.append(("K", "S"))
            else:
                sounds.append(("K",))
        elif c in "sjz":
            sounds.append(("S",))
        elif c == "x":
            sounds.append(("S",) if i == 1 else ("K",))
            if i > 1:
                sounds.append(("S",))
        elif c == "l":
            sounds.append(("L",))
        elif c == "r":
            coda = prev in _LATIN_VOWELS and nxt not in _LATIN_VOWELS
            if not (coda and drop_coda_r):
                sounds.append(("L",))
        elif c in "mn":
            sounds.append((c.upper(),))
        elif c == "h" and (not prev or prev in _LATIN_VOWELS) and nxt and nxt in _LATIN_VOWELS:
            sounds.append(("H",))
    return sounds


def _latin_skeletons(word: str, *, vowels: bool = False) -> set[str]:
    letters = _ascii_letters(_POSSESSIVE.sub("", word))
    stems = [letters]
    if len(letters) > 4 and letters.endswith("s") and not letters.endswith("ss"):
        stems.append(letters[:-1])  # Korean loanwords are not plural: batteries, 배터리
    found: set[str] = set()
    for stem in stems:
        for drop_coda_r in (False, True):
            sounds = _latin_alternatives(stem, drop_coda_r=drop_coda_r, vowels=vowels)
            for combo in itertools.islice(itertools.product(*sounds), _MAX_VARIANTS // 4):
                found.add(_collapse(list(combo)))
    return found


def strip_particles(word: str) -> str:
    """Remove up to two trailing particles from a Hangul word, always leaving a syllable.

    Args:
        word: a Hangul word, e.g. ``"기업들은"``.

    Returns:
        The stem, e.g. ``"기업"``; ``"포럼에서"`` gives ``"포럼"`` (the longest particle is taken first).
    """
    current = word
    for _ in range(_MAX_STRIP):
        for length in _PARTICLE_LENGTHS:
            if len(current) > length and current[-length:] in _PARTICLES:
                current = current[:-length]
                break
        else:
            break
    return current


def _hangul_skeletons(word: str) -> tuple[set[str], set[str]]:
    """Skeletons, and name and vowel-pattern keys, of a Hangul word (particles stripped)."""
    form = strip_particles(word)
    found = {_hangul_skeleton(form)}
    names: set[str] = set()
    if len(_hangul_skeleton(form)) == MIN_SKELETON - 1:
        names |= _vowel_keys({_hangul_skeleton(form, vowels=True)})
    surname = form[0]
    if len(form) == 1 and surname in _STANDALONE_SURNAMES:
        names.add(f"nm:{surname}")
    if len(form) == 3 and surname in _SURNAMES:
        given = _hangul_skeleton(form[1:])
        found.add(given)
        for spelling in _SURNAMES[surname]:
            for sk in _latin_skeletons(spelling):
                found.add(_collapse([*sk, *given]))
    return found, names


def _vowel_keys(patterns: set[str]) -> set[str]:
    """``v:`` keys of the vowel patterns with at least two vowels (two syllables)."""
    return {f"v:{p}" for p in patterns if p.count("V") >= 2}


def skeletons(word: str, lang: str) -> frozenset[str]:
    """Every consonant skeleton of ``word``, before the length guard (for inspection and tests).

    Args:
        word: one word, without surrounding spaces.
        lang: ``"ko"`` (Hangul words) or ``"en"`` (Latin words).

    Returns:
        The skeletons, possibly empty or shorter than :data:`MIN_SKELETON`.

    Raises:
        ValueError: ``lang`` is not ``"ko"`` or ``"en"``.
    """
    if lang == "ko":
        if not word or not all(_is_syllable(c) for c in word):
            return frozenset()
        return frozenset(_hangul_skeletons(word)[0])
    if lang == "en":
        return frozenset(_latin_skeletons(word))
    raise ValueError(f"cognate keys support {', '.join(_SUPPORTED_LANGS)}, not {lang!r}")


def cognate_keys(word: str, lang: str, *, strict: bool = False) -> frozenset[str]:
    """The cognate keys of one word: a Korean transliteration and its English source share one.

    Args:
        word: one word. For ``"ko"`` a run of Hangul syllables (particles are stripped here); anything
            with other characters gives no key. For ``"en"`` a Latin word, hyphens and a possessive
            ``'s`` allowed (``"Sung-min"``, ``"Trump's"``); accents are removed.
        lang: ``"ko"`` or ``"en"``.
        strict: every lowercase English word needs ``MIN_SKELETON + 1`` classes, not only common words
            and inflected forms (fewer chance matches, fewer loanwords found: see the module notes).

    Returns:
        Skeleton keys such as ``"TLMP"`` of at least :data:`MIN_SKELETON` classes, vowel-pattern keys
        such as ``"v:LVSV"`` and name keys such as ``"nm:박"`` (in English, the last two only for
        capitalised words).

    Results are cached (news repeats its words).

    Raises:
        ValueError: ``lang`` is not ``"ko"`` or ``"en"``.
    """
    return _cognate_keys(word, lang, strict)


@functools.lru_cache(maxsize=1 << 16)
def _cognate_keys(word: str, lang: str, strict: bool) -> frozenset[str]:
    if lang == "ko":
        if not word or not all(_is_syllable(c) for c in word):
            return frozenset()
        found, names = _hangul_skeletons(word)
    elif lang == "en":
        found = _latin_skeletons(word)
        names = set()
        common = word.lower() in _COMMON_ENGLISH
        if word[:1].isupper():
            names = {f"nm:{h}" for h in _SURNAME_OF_SPELLING.get(_ascii_letters(word), ())}
            if not common and any(len(sk) == MIN_SKELETON - 1 for sk in found):
                names |= _vowel_keys(_latin_skeletons(word, vowels=True))
        elif strict or common or word.endswith(("ing", "ed", "ly")):
            found = {sk for sk in found if len(sk) > MIN_SKELETON}
    else:
        raise ValueError(f"cognate keys support {', '.join(_SUPPORTED_LANGS)}, not {lang!r}")
    return frozenset(names | {sk for sk in found if len(sk) >= MIN_SKELETON})


def sentence_keys(text: str, lang: str, *, strict: bool = False) -> frozenset[str]:
    """The cognate keys of a sentence: the union over its words (see the module notes).

    Args:
        text: a sentence or any span of text.
        lang: ``"ko"`` or ``"en"``.
        strict: as for :func:`cognate_keys`.

    Returns:
        The keys; two sentences that share one probably name the same thing.

    Raises:
        ValueError: ``lang`` is not ``"ko"`` or ``"en"``.
    """
    if lang == "ko":
        words = _HANGUL_WORD.findall(text)
        return frozenset().union(*(cognate_keys(w, "ko") for w in words))
    if lang != "en":
        raise ValueError(f"cognate keys support {', '.join(_SUPPORTED_LANGS)}, not {lang!r}")
    words = _LATIN_WORD.findall(text)
    keys: set[str] = set()
    for w in words:
        keys |= cognate_keys(w, "en", strict=strict)
    for left, right in itertools.pairwise(words):
        if left[:1].isupper() and right[:1].isupper():
            keys |= cognate_keys(f"{left}-{right}", "en") | cognate_keys(f"{right}-{left}", "en")
    return frozenset(keys)
