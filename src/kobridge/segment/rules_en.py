"""English sentence-boundary rules, tuned for news copy.

A terminator followed by whitespace ends a sentence unless the word before it is an abbreviation
that the next word continues. Abbreviations come in kinds, because they behave differently:

- titles (``Rep. Kim``, ``Prof. Lee``) never end a sentence before a name;
- numbered abbreviations (``No. 1``, ``Vol. 3``) continue before a number;
- months (``Jan. 5``) continue before a number and end before a word, since news style
  abbreviates a month only before a day;
- ``U.S.``, ``U.K.``, ``E.U.``, ``U.N.``, ``D.C.`` continue before an institution, a title or an
  acronym they modify (``U.S. Army``, ``U.N. Security Council``, ``U.S. Rep. Kim``, ``U.S. EV
  sales``) and end a sentence before any other capitalised word (``made in the U.S. Kim said``);
- the rest (``Inc.``, ``Jr.``, ``Calif.``, initials like ``J.``) end a sentence only before a
  word that typically starts one (``The``, ``He``, ``But``), since a capitalised word after them
  is usually more of the name (``Samsung Electronics Co. Ltd.``, ``J. K. Rowling``);
- ``a.m.``/``p.m.`` end a sentence before a capitalised word unless it is a day, month or time
  zone (``9 a.m. Monday``, ``9 a.m. ET``);
- a quotation that attribution follows does not end before the attribution (``"Why?" Kim
  asked.``); a quotation of several sentences is split at the sentence ends inside it (``"We are
  ready. | We will win," he said.``), as in Korean, since translations often render each
  sentence of reported speech on its own.
"""

from __future__ import annotations

import re

from kobridge.segment._scan import (
    BRACKETS,
    CLOSERS,
    Enclosures,
    MarkPairs,
    candidates,
    next_words,
    word_before,
    words,
)

__all__ = ["boundaries", "is_initialism", "period_ends"]

TITLES = words(
    "Mr Mrs Ms Mx Dr Prof Rep Reps Sen Sens Gov Gen Lt Col Capt Cmdr Cpl Sgt Pvt Maj Adm Brig Rev "
    "Hon Pres Supt Det Insp Atty Msgr Messrs Mmes Fr Sec Amb Rt Gens"
)
NUMBERED = words("No Nos no nos Vol Vols vol vols pp p Fig Figs fig Art art Ch ch Para Op Ex")
MONTHS = words("Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec")
NEVER_END = words("e.g i.e vs v cf viz approx incl esp")
MAY_END = words(
    "Inc Co Corp Ltd Bros Jr Sr St Ave Blvd Rd Mt Ft Dept Univ Assn Gov't et al etc ca Ala Ariz "
    "Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich Minn Miss Mo Mont Neb Nev "
    "Okla Ore Pa Penn Tenn Tex Va Vt Wash Wis Wyo"
)
CLOCK = words("a.m p.m A.M P.M am pm")
# Capitalised words that continue a clock time: ``10 a.m. Monday``, ``3 p.m. ET``.
CLOCK_CONTINUATIONS = words(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Tues Wed Thu Thurs Fri Sat "
    "Sun January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec ET EST EDT CT CST CDT MT MST MDT PT PST PDT "
    "GMT UTC BST CET CEST JST KST HKT SGT AEST Eastern Central Mountain Pacific Greenwich Korea "
    "Korean Seoul Tokyo Beijing local"
)
# Capitalised words that ``U.S.``, ``U.K.``, ``E.U.``, ``U.N.`` modify: ``U.S. Army``, ``U.N. Security
# Council``, ``U.K. Prime Minister``. After any other capitalised word such an initialism ends
# a sentence (``made in the U.S. Kim said``).
INSTITUTIONS = words(
    "Army Navy Air Marine Marines Coast Forces Force Troops Military Senate Senator Senators House "
    "Congress Congressional Capitol President Presidential Vice Secretary State Treasury Defense "
    "Department Embassy Ambassador Consulate Envoy Mission Trade Commerce Justice Energy Labor "
    "Agriculture Interior Education Homeland Health Transportation Veterans Attorney District "
    "Federal Supreme Court Central Command Customs Border Census Postal Geological Food "
    "Environmental Securities Agency Administration Bureau Government National Special "
    "Intelligence Steel Open Olympic Representative Representatives Fed Prime Minister Parliament "
    "Foreign Home Chancellor Commission Commissioner Council Security General Human Children's "
    "High Refugee World Development Climate Nuclear Atomic Peacekeeping Mayor Police Circuit "
    "Chamber Centers Forest Fish Drought Weather Immigration Citizenship Patent Space Marshals "
    "Mint Naval Export Strategic Conference Bishops Soccer Tennis"
)
# Verbs that attribute a quotation: ``"Stop!" Kim shouted.``
SPEECH_VERBS = words(
    "said says added asked told wrote shouted replied explained noted continued recalled reported "
    "tweeted posted insisted warned argued admitted answered cried yelled wondered"
)
# Words that commonly begin a sentence, so an abbreviation before them ends one.
STARTERS = words(
    "The A An This That These Those It Its He She They We I You His Her Their Our My Your Them "
    "But And Or So Yet Nor However Meanwhile Also Still Instead Nevertheless Moreover Furthermore "
    "In On At For With By From As If When While After Before Since Although Though Because Unless "
    "Now Then There Here Thus Hence Today Yesterday Tomorrow Last Next Earlier Later Some Many "
    "Most Several All Both Each Every No None Other Others Such Few More Much What Who Whom Whose "
    "Which Where Why How Is Are Was Were Do Does Did Has Have Had Will Would Can Could Should "
    "Shall May Might Must Not Only Even Just Despite During Under Over Asked According Officials "
    "Analysts Experts Critics"
)
_INITIALISM = re.compile(r"(?:[A-Za-z]\.)*[A-Za-z]")
_OPENERS = "\"'`“‘«‹([{"
# Double quotes; a straight quote opens after a space and closes otherwise (see ``MarkPairs``).
_QUOTES = MarkPairs({"“": '”"', '"': '”"'})


def is_initialism(word: str) -> bool:
    """Whether ``word`` is a letter or dotted letters: ``J``, ``U.S``, ``a.m``."""
    return bool(_INITIALISM.fullmatch(word))


def _capitalised(word: str) -> bool:
    """Whether ``word`` (opening quotes removed) starts as a new sentence would."""
    word = word.lstrip(_OPENERS)
    if not word:
        return False
    first = word[0]
    if first.islower():
        # ``iPhone``, ``eBay``: lowercase first letter, capital second.
        return len(word) > 1 and word[1].isupper()
    return True


def period_ends(paragraph: str, start: int, after: tuple[str, str, str]) -> bool:
    """Whether a single ``.`` at ``start``, followed as ``after`` says, ends a sentence."""
    _, word1, word2 = after
    word = word_before(paragraph, start)
    bare = word1.lstrip(_OPENERS).rstrip(".,;:!?" + CLOSERS)
    if word in NEVER_END:
        return False
    if word1[:1].isdigit() or word1[:1] in "#$":
        continues = word in NUMBERED or word in MONTHS or word in TITLES or word in CLOCK
        return not (continues or is_initialism(word))
    if not _capitalised(word1):
        return False
    if word in TITLES:
        return False
    if word in CLOCK:
        return bare not in CLOCK_CONTINUATIONS and word2.lower() != "time"
    if word in MONTHS:
        # News style abbreviates a month only before a day (``Oct. 5``), so a word ends it.
        return True
    if "." in word and is_initialism(word):
        # ``U.S.``, ``U.N.``, ``D.C.``: a modifier before an institution, a title or an acronym
        # (``U.S. ESS market``), a noun otherwise.
        head = bare.split("-")[0]
        return not (head in INSTITUTIONS or head in TITLES or (len(head) > 1 and head.isupper()))
    if word in MAY_END or is_initialism(word):
        return bare in STARTERS or word1[0] in "\"“‘'"
    return True


def boundaries(paragraph: str) -> list[int]:
    """The offsets in ``paragraph`` where sentences end, the paragraph's own end excluded."""
    brackets = Enclosures(BRACKETS.spans(paragraph))
    ends: list[int] = []
    for c in candidates(paragraph):
        if c.end >= len(paragraph):
            break
        space, word1, _ = after = next_words(paragraph, c.end)
        if not space or not word1 or word1[0] in ".…":
            continue
        if brackets and brackets.contains(c):
            continue
        if c.marks == ".":
            if (c.closers and _capitalised(word1)) or period_ends(paragraph, c.start, after):
                ends.append(c.end)
        elif _capitalised(word1) and not (c.closers and _attribution(after)):
            ends.append(c.end)
    return ends


def _attribution(after: tuple[str, str, str]) -> bool:
    """Whether the words after a quotation attribute it: ``"Why?" Kim asked.``"""
    _, word1, word2 = after
    return word1 not in STARTERS and word2.rstrip(".,") in SPEECH_VERBS
