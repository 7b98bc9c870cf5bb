"""Generic title-similarity matcher: are two product records the same product?

For sources without the structure of a watch-list (free product titles on both sides, e.g. the
English product-matching benchmarks), this compares two records by TF-IDF cosine of words and
character trigrams, fuzzy token overlap and model-code agreement, combined by a logistic model.
Weights are fitted by the caller on labelled pairs (bench/screening_matching.py does so on the
train split); the defaults are a reasonable hand-set starting point. Reason code: title_similar.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from zhijian.screening.normalise import normalise_text

_WORD_RE = re.compile(r"[0-9a-z]+(?:[.\-/][0-9a-z]+)*|[\u3400-\u9fff]")
FEATURE_NAMES = ("word_cosine", "trigram_cosine", "token_set", "code_shared", "code_conflict", "first_token",
                 "number_overlap")
DEFAULT_WEIGHTS = (4.0, 3.0, 2.0, 3.0, -3.0, 0.5, 1.0)
DEFAULT_BIAS = -6.0


def tokens(text: str) -> list[str]:
    return _WORD_RE.findall(normalise_text(text))


def codes(words: Iterable[str]) -> set[str]:
    """Model codes: a word with letters and digits, separators dropped (dscw120p, lmvm2085wh)."""
    found = set()
    for word in words:
        compact = re.sub(r"[.\-/]", "", word)
        if len(compact) >= 4 and any(c.isdigit() for c in compact) and any(c.isalpha() for c in compact):
            found.add(compact)
    return found


class Corpus:
    """Document frequencies of words and character trigrams, for TF-IDF weights."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.documents = 0
        self.word_df: Counter[str] = Counter()
        self.gram_df: Counter[str] = Counter()
        for text in texts:
            self.documents += 1
            self.word_df.update(set(tokens(text)))
            self.gram_df.update(set(_trigrams(text)))

    def vector(self, items: Sequence[str], df: Counter[str]) -> dict[str, float]:
        counts = Counter(items)
        vector = {t: (1 + math.log(c)) * math.log((1 + self.documents) / (1 + df.get(t, 0))) for t, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {t: v / norm for t, v in vector.items()}


def _trigrams(text: str) -> list[str]:
    compact = " ".join(tokens(text))
    return [compact[i : i + 3] for i in range(max(0, len(compact) - 2))]


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def features(left: str, right: str, corpus: Corpus) -> list[float]:
    from rapidfuzz import fuzz

    lw, rw = tokens(left), tokens(right)
    lc, rc = codes(lw), codes(rw)
    lcompact, rcompact = "".join(lw), "".join(rw)
    shared = bool(lc & rc) or any(c in rcompact for c in lc) or any(c in lcompact for c in rc)
    ln = {w for w in lw if w.replace(".", "").isdigit()}
    rn = {w for w in rw if w.replace(".", "").isdigit()}
    return [
        _cosine(corpus.vector(lw, corpus.word_df), corpus.vector(rw, corpus.word_df)),
        _cosine(corpus.vector(_trigrams(left), corpus.gram_df), corpus.vector(_trigrams(right), corpus.gram_df)),
        fuzz.token_set_ratio(" ".join(lw), " ".join(rw)) / 100.0,
        1.0 if shared else 0.0,
        1.0 if lc and rc and not shared else 0.0,
        1.0 if lw and rw and lw[0] == rw[0] else 0.0,
        len(ln & rn) / len(ln | rn) if ln | rn else 0.0,
    ]


def probability(values: Sequence[float], weights: Sequence[float] = DEFAULT_WEIGHTS, bias: float = DEFAULT_BIAS) -> float:
    z = bias + sum(w * v for w, v in zip(weights, values, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))
