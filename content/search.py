"""Forgiving search over guide sections for people typing on cheap phones.

Users write Russian, Kyrgyz or English, often in Latin letters ("registraciya"),
without Kyrgyz letters ("kattoo" for "каттоо") and with typos. Every word is
reduced to a Latin *skeleton* (transliterated, ``ё``/``ң``/``ө``/``ү`` folded,
double letters collapsed) and matched exactly, by prefix (light stemming that
also covers Kyrgyz suffixes) or within a small edit distance.
"""

from __future__ import annotations

import bisect
import re
import weakref
from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from content.model import LOCALES, ContentStore
from content.tghtml import plain

#: Where a word was found; keywords are written by editors for search, so they count most.
FIELD_WEIGHT = {"kw": 3.0, "title": 2.5, "body": 1.0}
#: A match in another language than the user's still counts, but less.
OTHER_LOCALE = 0.6
#: Hits with a lower score are noise (e.g. one common word in a body in another language).
MIN_SCORE = 1.0
#: Drop hits far weaker than the best one, so results stay on topic.
RELATIVE_CUTOFF = 0.25
#: The user's chosen destination is a mild preference, not a filter.
DEST_BOOST = 1.25

# Kyrgyz (and Kazakh/Ukrainian) letters typed as their nearest Russian ones.
_FOLD = str.maketrans("ёңөүәіұқғһїєў", "еноуаиукгхиеу")
_CYR2LAT = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "j", "з": "z", "и": "i",
    "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "ch", "ш": "sh", "щ": "sh",
    "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}  # fmt: skip
# Latin spellings people use for the same sounds, mapped to one form (order matters).
_LATIN = (
    ("shch", "sh"), ("sch", "sh"), ("kh", "h"), ("zh", "j"), ("dzh", "j"), ("dj", "j"),
    ("ts", "c"), ("tz", "c"), ("ya", "ia"), ("yu", "iu"), ("yo", "io"), ("ye", "e"),
    ("y", "i"), ("w", "v"), ("q", "k"), ("x", "ks"), ("ph", "f"),
)  # fmt: skip
_WORD_RE = re.compile(r"[^\W_]+")
_LETTER_DIGIT_RE = re.compile(r"(?<=[^\W\d_])[-‑](?=\d)")  # "E-9" -> "E9"
_DOUBLE_RE = re.compile(r"(.)\1+")

_STOPWORDS_RAW = """
как что где когда кто мне меня мой моя мои моё я ты вы в во на и или не нет да по для с со
у о об про это ли можно нужно надо из к а но если какой какие какая есть был была быть при
хочу хотим получить сделать делать узнать подскажите пожалуйста здравствуйте привет там тут
кантип эмне кайда качан ким мен сен сиз менин мага жана же бул үчүн керек барбы кандай деп
болот болобу эмес бар жок да дагы ал алар биз жатам жатат жатабыз барам барайын кантсем
кылам кылса керекпи мүмкүнбү саламатсызбы салам
how what where when who i my me you the a an to in on of for and or is are do does can
need with get about it be if not no yes want please hello hi there
"""


def skeleton(word: str) -> str:
    """Latin, folded, de-doubled form of one word (``"Каттоо"`` -> ``"kato"``)."""
    w = word.lower().translate(_FOLD)
    w = "".join(_CYR2LAT.get(ch, ch) for ch in w)
    for src, dst in _LATIN:
        w = w.replace(src, dst)
    return _DOUBLE_RE.sub(r"\1", w)


def words(text: str) -> list[str]:
    """Skeletons of all words in *text*."""
    text = _LETTER_DIGIT_RE.sub("", text.lower())
    return [s for w in _WORD_RE.findall(text) if (s := skeleton(w))]


_STOPWORDS = frozenset(words(_STOPWORDS_RAW))


@dataclass(frozen=True, slots=True)
class Hit:
    dest: str
    section_id: str
    #: Section title in the requested language (for the result button).
    title: str
    score: float


@dataclass
class _Index:
    docs: list[tuple[str, str]] = field(default_factory=list)
    # skeleton -> {(doc, weight)}: the weight already includes field and locale.
    vocab: dict[str, dict[tuple[int, str], float]] = field(default_factory=dict)
    # per doc: keyword phrases as token tuples, with their locale
    phrases: list[list[tuple[str, tuple[str, ...]]]] = field(default_factory=list)
    # The vocabulary in order: the words sharing a beginning are one slice of it.
    ordered: list[str] = field(default_factory=list)
    # (first letter, length) -> the vocabulary's skeletons: where a typo can be.
    by_initial_length: dict[tuple[str, int], list[str]] = field(default_factory=dict)


_INDEXES: weakref.WeakKeyDictionary[ContentStore, _Index] = weakref.WeakKeyDictionary()


def _index(store: ContentStore) -> _Index:
    idx = _INDEXES.get(store)
    if idx is None:
        idx = _INDEXES[store] = _build_index(store)
    return idx


def prepare(store: ContentStore) -> None:
    """Build `store`'s index now (~70 ms of CPU): blocking, so run it in a thread. Built at
    the first search instead, it held the event loop, and every update waiting behind it."""
    _index(store)


def _build_index(store: ContentStore) -> _Index:
    idx = _Index()
    for dest, section in store.iter_sections():
        doc = len(idx.docs)
        idx.docs.append((dest, section.id))
        phrases: list[tuple[str, tuple[str, ...]]] = []
        for loc in LOCALES:
            fields = {
                "kw": " ".join(section.keywords.get(loc, ())),
                "title": section.title[loc],
                "body": plain(section.body[loc]),
            }
            for name, text in fields.items():
                for token in set(words(text)):
                    postings = idx.vocab.setdefault(token, {})
                    key = (doc, loc)
                    postings[key] = max(postings.get(key, 0.0), FIELD_WEIGHT[name])
            phrases += [(loc, tuple(words(kw))) for kw in section.keywords.get(loc, ())]
        idx.phrases.append(phrases)
    idx.ordered = sorted(idx.vocab)
    for token in idx.ordered:
        idx.by_initial_length.setdefault((token[0], len(token)), []).append(token)
    return idx


def match(query: str, token: str) -> float:
    """How well one query skeleton matches one indexed skeleton (0 = not at all). Never more
    than 0 when their first letters differ (`_matches` looks for typos only among words with
    the query's first letter)."""
    if query == token:
        return 1.0
    lq, lt = len(query), len(token)
    if min(lq, lt) < 4:
        return 0.0  # short words ("ban", "e9") must match exactly
    if token.startswith(query):
        return 0.9  # user typed the beginning of a word
    if query.startswith(token):
        return 0.85  # user added an ending (Kyrgyz suffixes, Russian cases)
    common = len(_common_prefix(query, token))
    if common >= max(4, min(lq, lt) - 2):
        return 0.75  # same stem, different ending
    if query[0] == token[0] and lq >= 5 and abs(lq - lt) <= 2:
        bound = 2 if lq >= 8 else 1
        if Levenshtein.distance(query, token, score_cutoff=bound) <= bound:
            return 0.6  # a typo
    return 0.0


def _matches(idx: _Index, query: str) -> dict[str, float]:
    """Every indexed skeleton that `match`es one query skeleton, with how well.

    Found without trying the whole vocabulary: `match` gives more than 0 only to the query
    itself, to a word sharing its first four letters (a longer or shorter form, the same
    stem), or, for a query of five letters or more, to a word of nearly its length within an
    edit distance of 1 or 2. Those are the candidates; `match` still decides each."""
    candidates = {query} if query in idx.vocab else set()
    if len(query) >= 4:
        stem = query[:4]
        start = bisect.bisect_left(idx.ordered, stem)
        end = bisect.bisect_left(idx.ordered, stem + "\U0010ffff", start)
        candidates.update(idx.ordered[start:end])
    if len(query) >= 5:
        bound = 2 if len(query) >= 8 else 1
        for length in range(len(query) - 2, len(query) + 3):
            near = idx.by_initial_length.get((query[0], length), ())
            found = process.extract(
                query, near, scorer=Levenshtein.distance, score_cutoff=bound, limit=None
            )
            candidates.update(token for token, _, _ in found)
    values = ((token, match(query, token)) for token in candidates)
    return {token: value for token, value in values if value}


def _common_prefix(a: str, b: str) -> str:
    n = 0
    for ca, cb in zip(a, b, strict=False):
        if ca != cb:
            break
        n += 1
    return a[:n]


def search(
    store: ContentStore,
    query: str,
    locale: str,
    limit: int = 5,
    dest: str | None = None,
) -> list[Hit]:
    """Best sections for *query*; ``[]`` when nothing matches reasonably.

    *dest* (the user's destination) ranks its own guide higher without hiding others.
    """
    q_tokens = [t for t in dict.fromkeys(words(query)) if t not in _STOPWORDS and len(t) >= 2]
    if not q_tokens:
        return []
    idx = _index(store)
    scores: dict[int, float] = defaultdict(float)
    matched: dict[int, int] = defaultdict(int)
    matching = {qt: _matches(idx, qt) for qt in q_tokens}
    for qt in q_tokens:
        best: dict[int, float] = {}
        for token, m in matching[qt].items():
            postings = idx.vocab[token]
            for (doc, loc), weight in postings.items():
                value = m * weight * (1.0 if loc == locale else OTHER_LOCALE)
                if value > best.get(doc, 0.0):
                    best[doc] = value
        for doc, value in best.items():
            scores[doc] += value
            matched[doc] += 1
    needed = (len(q_tokens) + 1) // 2
    results: list[tuple[float, int]] = []
    for doc, score in scores.items():
        if matched[doc] < needed:
            continue
        score += _phrase_bonus(idx.phrases[doc], matching, locale)
        # Words that matched nothing make the hit less likely to be what was asked.
        score *= 0.5 + 0.5 * matched[doc] / len(q_tokens)
        if dest and idx.docs[doc][0] == dest:
            score *= DEST_BOOST
        if score >= MIN_SCORE:
            results.append((score, doc))
    if not results:
        return []
    results.sort(key=lambda r: (-r[0], r[1]))
    top = results[0][0]
    hits = []
    for score, doc in results[:limit]:
        if score < top * RELATIVE_CUTOFF:
            break
        d, sid = idx.docs[doc]
        section = store.section(d, sid)
        assert section is not None
        hits.append(Hit(d, sid, section.title[locale], round(score, 3)))
    return hits


def _phrase_bonus(
    phrases: list[tuple[str, tuple[str, ...]]],
    matching: dict[str, dict[str, float]],
    locale: str,
) -> float:
    """Reward a query that is (nearly) a whole keyword phrase, e.g. "паспорт отобрали".
    `matching`: each query word's matches (`_matches`); a phrase's words are indexed words."""
    if len(matching) < 2:
        return 0.0
    best = 0.0
    for loc, phrase in phrases:
        if len(phrase) < 2:
            continue
        if all(any(found.get(p, 0.0) >= 0.75 for p in phrase) for found in matching.values()):
            best = max(best, 3.0 * (1.0 if loc == locale else OTHER_LOCALE))
    return best
