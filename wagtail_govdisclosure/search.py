"""Search that finds Chinese words with Wagtail's database backend.

Chinese is written without spaces between words, and neither SQLite FTS5's
``unicode61`` tokenizer nor PostgreSQL's default parser splits a run of Han
characters: “嘉祥县科学技术局关于科技创新的通知” is indexed as one token, so a
query for 科技创新 finds nothing. Rather than depend on a segmenter (and on its
dictionary being right about government vocabulary), pages index one more
field, :meth:`ChineseSearchMixin.search_bigrams`: every run of Han characters
cut into overlapping pairs (科技 技创 创新 …), separated by spaces so that both
backends see each pair as a word. The query is cut the same way and every pair
must match (``operator="and"``), which finds any text containing the query's
characters in pairs — in practice, the phrase.

A one-character query has no pair: it is matched as a prefix against the
indexed tokens (the pairs, and the last character of each run indexed alone),
through the backend's autocomplete query on the same field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils.html import strip_tags
from wagtail.search import index

#: A run of Han characters (CJK unified ideographs, extension A, compatibility ideographs).
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
#: A word of other letters or digits (Latin words, years, document numbers).
_OTHER_WORD = re.compile(r"[^\W\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff_]+")
#: Characters kept out of the query: FTS5 and tsquery syntax has no business in it.
_QUERY_NOISE = re.compile(r"[\"'*:&|!()<>^\\]")
#: The longest query taken (characters): a search box, not a document.
MAX_QUERY_LENGTH = 100


def han_bigrams(text: str) -> Iterator[str]:
    """Overlapping pairs of each run of Han characters in ``text``; a lone character alone."""
    for run in _HAN_RUN.findall(text):
        if len(run) == 1:
            yield run
            continue
        for start in range(len(run) - 1):
            yield run[start : start + 2]


def bigram_text(parts: Iterable[Any]) -> str:
    """The text to index for ``parts`` (strings or rich text HTML): Han pairs, space-separated.

    The last character of each run is also indexed alone, so that every character
    starts some token: a one-character query (a prefix search) finds it anywhere.
    """
    tokens: list[str] = []
    for part in parts:
        if not part:
            continue
        text = strip_tags(str(part))
        for run in _HAN_RUN.findall(text):
            tokens.extend(han_bigrams(run))
            if len(run) > 1:
                tokens.append(run[-1])
        # Numbers and Latin words glued to Han text (2024年) are words of their own here.
        tokens.extend(word.lower() for word in _OTHER_WORD.findall(text))
    return " ".join(tokens)


def query_terms(query: str) -> list[str]:
    """The terms ``query`` is searched with: Han pairs plus other words, in order, deduplicated.

    >>> query_terms("2023年 科技创新")
    ['2023', '科技', '技创', '创新']
    """
    query = _QUERY_NOISE.sub(" ", query[:MAX_QUERY_LENGTH])
    terms: list[str] = []
    position = 0
    for run in _HAN_RUN.finditer(query):
        terms.extend(_OTHER_WORD.findall(query[position : run.start()]))
        terms.extend(han_bigrams(run.group()))
        position = run.end()
    terms.extend(_OTHER_WORD.findall(query[position:]))
    if len(terms) > 1:
        # A lone Han character beside other terms (the 年 of “2024年 预算”) is matched only
        # as a prefix when it is the whole query; here it would demand a token of its own.
        terms = [term for term in terms if not _is_han_char(term)] or terms
    seen: set[str] = set()
    return [term.lower() for term in terms if not (term in seen or seen.add(term))]


def _is_han_char(term: str) -> bool:
    return len(term) == 1 and bool(_HAN_RUN.fullmatch(term))


def is_single_han(terms: list[str]) -> bool:
    """Whether the query is one Han character (matched as a prefix of the indexed pairs)."""
    return len(terms) == 1 and _is_han_char(terms[0])


class ChineseSearchMixin:
    """Index a page's Chinese text as Han pairs (see the module's docstring).

    A page type lists the fields whose text is searched in ``bigram_fields``
    (its title is always included) and adds ``CHINESE_SEARCH_FIELDS`` to its
    ``search_fields``.
    """

    bigram_fields: tuple[str, ...] = ()

    def bigram_sources(self) -> list[Any]:
        """The texts cut into pairs: the title, then each of ``bigram_fields``."""
        return [
            getattr(self, "title", ""),
            *(getattr(self, name, "") for name in self.bigram_fields),
        ]

    def search_bigrams(self) -> str:
        """The page's Han pairs, space-separated (an indexed search field)."""
        return bigram_text(self.bigram_sources())


#: The search fields a :class:`ChineseSearchMixin` page adds to ``Page.search_fields``.
CHINESE_SEARCH_FIELDS = [
    index.SearchField("search_bigrams"),
    index.AutocompleteField("search_bigrams"),
]


def search_pages(queryset: QuerySet, query: str) -> Any:
    """Search ``queryset`` (pages already filtered: live, public, in the column) for ``query``.

    Returns Wagtail search results (sliceable, with ``count()``), or an empty
    queryset for a query with nothing searchable in it.
    """
    terms = query_terms(query)
    if not terms:
        return queryset.none()
    if is_single_han(terms):
        return queryset.autocomplete(terms[0], operator="and")
    return queryset.search(" ".join(terms), operator="and")
