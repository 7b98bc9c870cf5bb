"""Find many dictionary phrases (brand aliases, product words, enterprise names) in a title at once.

Uses an Aho-Corasick automaton (ahocorasick-rs, Rust) when installed: one pass per title, about
1 s per million titles. Without it a pure-Python scan gives the same matches, only slower, so the
engines never depend on which one is present.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

try:  # pragma: no cover - exercised by whichever is installed
    import ahocorasick_rs
except ImportError:  # pragma: no cover
    ahocorasick_rs = None  # type: ignore[assignment]

Match = tuple[str, str, int, int]  # (kind, value, start, end)


class PhraseIndex:
    """Patterns are normalised strings; each maps to one or more (kind, value) payloads."""

    def __init__(self, entries: dict[str, set[tuple[str, str]]]) -> None:
        self.patterns = sorted(p for p in entries if p)
        self.payloads = [sorted(entries[p]) for p in self.patterns]
        self._automaton: Any = None
        self._by_length: dict[int, dict[str, int]] | None = None

    # The automaton is not picklable; rebuild it lazily after being shipped to a Spark worker.
    def __getstate__(self) -> dict[str, Any]:
        return {"patterns": self.patterns, "payloads": self.payloads}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.patterns = state["patterns"]
        self.payloads = state["payloads"]
        self._automaton = None
        self._by_length = None

    def find(self, text: str) -> list[Match]:
        """All occurrences, overlapping; ASCII patterns only at ASCII word boundaries."""
        if not self.patterns:
            return []
        if self._automaton is None and ahocorasick_rs is not None:
            self._automaton = ahocorasick_rs.AhoCorasick(self.patterns)
        if not text:
            return []
        found: list[Match] = []
        for index, start, end in self._raw_matches(text):
            pattern = self.patterns[index]
            if pattern.isascii() and not _at_word_boundary(text, start, end):
                continue
            for kind, value in self.payloads[index]:
                found.append((kind, value, start, end))
        return found

    def has_any(self, text: str) -> bool:
        """Whether any pattern occurs at all (no boundary rule): a cheap pre-filter, a superset of find()."""
        if not self.patterns or not text:
            return False
        if ahocorasick_rs is not None:
            if self._automaton is None:
                self._automaton = ahocorasick_rs.AhoCorasick(self.patterns)
            return bool(self._automaton.find_matches_as_indexes(text))
        return bool(self._python_matches(text))

    def _raw_matches(self, text: str) -> list[tuple[int, int, int]]:
        if ahocorasick_rs is not None:
            if self._automaton is None:
                self._automaton = ahocorasick_rs.AhoCorasick(self.patterns)
            return list(self._automaton.find_matches_as_indexes(text, overlapping=True))
        return self._python_matches(text)

    def _python_matches(self, text: str) -> list[tuple[int, int, int]]:
        if self._by_length is None:
            by_length: dict[int, dict[str, int]] = defaultdict(dict)
            for index, pattern in enumerate(self.patterns):
                by_length[len(pattern)][pattern] = index
            self._by_length = dict(by_length)
        matches = []
        for start in range(len(text)):
            for length, table in self._by_length.items():
                found = table.get(text[start : start + length])
                if found is not None:
                    matches.append((found, start, start + length))
        return sorted(matches, key=lambda m: (m[2], m[1]))


def _at_word_boundary(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (_is_ascii_alnum(before) or _is_ascii_alnum(after))


def _is_ascii_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()
