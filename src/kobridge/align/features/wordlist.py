"""A bilingual word list as an anchor channel: sentences that share an entry share a key.

The shipped list, ``kobridge/data/news-lexicon-ko-en.tsv``, holds a few hundred common
Korean news, business and policy words (stems such as ``관세``, ``일자리``, ``발표``) with
their English equivalents; the project wrote it (MIT). Matching is deliberately loose:

* Korean: a Hangul word matches an entry when it *starts with* the entry's stem, so the
  particles and endings that follow a stem (``관세를``, ``발표했다``) do not hide it.
* English: a word matches a form when it equals the form or a plain inflection of it
  (``tariffs``, ``announced``, ``rising``); a form of several words (``tax credit``)
  matches where those words start in that order.

Each entry found becomes the key ``d:<entry>``; ``channels`` weights keys by their rarity in
the document pair and drops those found on one side only.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path

from kobridge.errors import InputError

__all__ = ["WordLexicon"]

_DEFAULT_RESOURCE = "news-lexicon-ko-en.tsv"
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9&'.\-]*")
_HANGUL_STEM = re.compile(r"[\uac00-\ud7a3]{2,}")


def _english_forms(word: str) -> set[str]:
    """``word`` and the stems a plain English inflection of it could come from."""
    forms = {word}
    if word.endswith("ies") and len(word) > 4:
        forms.add(word[:-3] + "y")
    if word.endswith("ied") and len(word) > 4:
        forms.add(word[:-3] + "y")
    if word.endswith("es") and len(word) > 3:
        forms.add(word[:-2])
    if word.endswith("s") and len(word) > 2:
        forms.add(word[:-1])
    if word.endswith("ed") and len(word) > 3:
        forms.update((word[:-2], word[:-1]))
    if word.endswith("ing") and len(word) > 4:
        forms.update((word[:-3], word[:-3] + "e"))
    return forms


def _english_words(text: str) -> list[str]:
    return [w.lower().rstrip(".") for w in _LATIN_WORD.findall(text)]


class WordLexicon:
    """Korean stems and their English forms; each entry is one anchor key.

    Build one with :meth:`load`, :meth:`load_default` or from ``(stem, forms)`` pairs.
    """

    def __init__(self, entries: Iterable[tuple[str, Sequence[str]]]) -> None:
        self._stems: dict[str, list[int]] = {}
        self._words: dict[str, list[int]] = {}
        # Phrases by their first word: only those whose first word is in a sentence can match it.
        self._phrases: dict[str, list[tuple[str, int]]] = {}
        # Each stem's English forms as whole phrases, as _english_words gives them.
        self._whole: dict[str, set[str]] = {}
        count = 0
        for index, (stem, forms) in enumerate(entries):
            count += 1
            self._stems.setdefault(stem, []).append(index)
            for form in forms:
                self._whole.setdefault(stem, set()).add(" ".join(_english_words(form)))
                norm = form.strip().lower().rstrip(".")
                if " " in norm:
                    self._phrases.setdefault(norm.split(" ", 1)[0], []).append((" " + norm, index))
                elif norm:
                    self._words.setdefault(norm, []).append(index)
        self._count = count
        self._longest = max((len(s) for s in self._stems), default=0)

    def __len__(self) -> int:
        return self._count

    def __repr__(self) -> str:
        return f"WordLexicon({self._count} entries)"

    def keys(self, text: str, lang: str) -> set[str]:
        """The keys of the entries found in ``text`` (Korean when ``lang`` is ``"ko"``, else English)."""
        return self.keys_of([text], lang)[0]

    def keys_of(self, texts: Sequence[str], lang: str) -> list[set[str]]:
        """:meth:`keys` of each text; what each word matches is looked up once for all of them."""
        korean = lang == "ko"
        known: dict[str, tuple[int, ...]] = {}
        result = []
        for text in texts:
            words = _HANGUL_WORD.findall(text) if korean else _english_words(text)
            found: set[int] = set().union(*self._entries(words, korean, known))
            if not korean:
                candidates = [p for word in set(words) for p in self._phrases.get(word, ())]
                if candidates:
                    joined = " " + " ".join(words)
                    found.update(index for phrase, index in candidates if phrase in joined)
            result.append({f"d:{i}" for i in found})
        return result

    def has_stem(self, ko: str) -> bool:
        """Whether ``ko`` is, as a whole, the Korean stem of an entry."""
        return ko in self._stems

    def is_entry(self, ko: str, en: str) -> bool:
        """Whether ``ko`` is, as a whole, the stem of an entry and ``en``, as a whole, one of its
        English forms or a plain inflection of one (``정부`` and ``governments``, ``미국`` and
        ``U.S``), unlike :meth:`keys`, which finds entries anywhere in a text."""
        forms = self._whole.get(ko)
        words = _english_words(en)
        if not forms or not words:
            return False
        head = " ".join(words[:-1])
        return any(f"{head} {last}".strip() in forms for last in _english_forms(words[-1]))

    def _entries(
        self, words: list[str], korean: bool, known: dict[str, tuple[int, ...]]
    ) -> list[tuple[int, ...]]:
        """The entries each word matches (a Korean word by its stems, an English one by its forms),
        remembered in ``known``."""
        for word in words:
            if word in known:
                continue
            entries: set[int] = set()
            if korean:
                for size in range(2, min(len(word), self._longest) + 1):
                    entries.update(self._stems.get(word[:size], ()))
            else:
                for form in _english_forms(word):
                    entries.update(self._words.get(form, ()))
            known[word] = tuple(sorted(entries))
        return [known[w] for w in words]

    @classmethod
    def load(cls, path: str | Path) -> WordLexicon:
        """Read a word list (format in ``docs/alignment.md``, "News lexicon").

        Raises:
            InputError: the file cannot be read, or a line is not ``stem<TAB>form|form...``
                with a Korean stem of at least two syllables.
        """
        name = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise InputError(f"cannot read the word list: {error}", path=name) from error
        return cls(_parse(text, name))

    @classmethod
    def load_default(cls) -> WordLexicon:
        """The shipped Korean-English news lexicon (read once, on first use, then shared)."""
        return _load_default()


def _parse(text: str, name: str) -> list[tuple[str, tuple[str, ...]]]:
    entries = []
    header_seen = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if not header_seen and fields == ["ko", "en"]:
            header_seen = True
            continue
        if len(fields) != 2:
            raise InputError(
                f"expected 2 tab-separated fields (ko, en), found {len(fields)}", path=name, line=number
            )
        stem, forms = fields[0].strip(), tuple(f.strip() for f in fields[1].split("|") if f.strip())
        if not _HANGUL_STEM.fullmatch(stem):
            raise InputError(
                f"the Korean stem {stem!r} must be Hangul syllables only, at least two of them",
                path=name,
                line=number,
            )
        if not forms:
            raise InputError(f"the entry {stem!r} has no English form", path=name, line=number)
        entries.append((stem, forms))
    return entries


@functools.cache
def _load_default() -> WordLexicon:
    resource = resources.files("kobridge").joinpath("data", _DEFAULT_RESOURCE)
    return WordLexicon(_parse(resource.read_text(encoding="utf-8"), _DEFAULT_RESOURCE))
