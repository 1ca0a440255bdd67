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

People type other words than the page's: 年报 for 年度报告, 科技局 for 嘉祥县科学技术局.
:func:`query_variants` rewrites the query with each word's equivalents
(:data:`DEFAULT_SYNONYMS`, the portal's ``WAGTAIL_GOVDISCLOSURE_SEARCH_SYNONYMS`` and
the agencies' short names), and :func:`search_column` ranks the pages that match a
whole variant first, then — rather than nothing — the pages matching only some pairs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice, product
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
#: The most rewritings of one query searched (each is one query to the index).
MAX_VARIANTS = 12
#: The most results of each kind (whole matches, partial matches) a search lists.
MAX_RESULTS = 200

#: Groups of words people use for one another in a disclosure column. A portal adds its
#: own groups with the setting ``WAGTAIL_GOVDISCLOSURE_SEARCH_SYNONYMS``.
DEFAULT_SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("年报", "年度报告"),
    ("指南", "公开指南"),
    ("依申请公开", "依申请", "申请公开"),
    ("办公时间", "工作时间", "受理时间"),
    ("电话", "联系电话", "咨询电话"),
    ("主动公开", "法定主动公开"),
    ("规范性文件", "政策文件"),
    ("公开制度", "信息公开制度"),
)


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


def synonym_groups(extra: Iterable[Sequence[str]] = ()) -> list[tuple[str, ...]]:
    """The default groups, the portal's setting, then ``extra`` (e.g. agency short names)."""
    from .conf import get_setting

    groups = [*DEFAULT_SYNONYMS, *(get_setting("SEARCH_SYNONYMS") or ()), *extra]
    return [tuple(str(word).strip() for word in group if str(word).strip()) for group in groups]


def _alternatives(groups: Iterable[Sequence[str]]) -> dict[str, list[str]]:
    """Each word of the groups → the words it stands for (itself first)."""
    alternatives: dict[str, list[str]] = {}
    for group in groups:
        for word in group:
            known = alternatives.setdefault(word, [word])
            known.extend(other for other in group if other not in known)
    return alternatives


def query_variants(query: str, groups: Iterable[Sequence[str]] = ()) -> list[str]:
    """``query`` as typed, then rewritten with the equivalents of the words in it.

    Words are found longest first and do not overlap. In a rewriting the words are
    separated by spaces, so that no searched pair straddles two words (局年 of 教育局年报
    is in no title). At most :data:`MAX_VARIANTS`.

    >>> query_variants("2022年报", [("年报", "年度报告")])
    ['2022年报', '2022 年报', '2022 年度报告']
    """
    query = query[:MAX_QUERY_LENGTH]
    alternatives = _alternatives(groups)
    words = sorted(alternatives, key=len, reverse=True)
    pieces: list[list[str]] = []
    literal = ""
    position = 0
    while position < len(query):
        word = next((w for w in words if query.startswith(w, position)), None)
        if word is None:
            literal += query[position]
            position += 1
            continue
        if literal:
            pieces.append([literal])
            literal = ""
        pieces.append(alternatives[word])
        position += len(word)
    if literal:
        pieces.append([literal])
    if all(len(piece) == 1 for piece in pieces):
        return [query]
    rewritings = islice(product(*pieces), MAX_VARIANTS - 1)
    return list(dict.fromkeys([query, *(" ".join(words) for words in rewritings)]))


def _title_has_all(title: str, terms: Sequence[str]) -> bool:
    tokens = set(bigram_text([title]).split())
    return all(term in tokens for term in terms)


@dataclass(frozen=True)
class SearchHit:
    """One page found, and whether it matched a whole variant of the query."""

    pk: int
    whole: bool


def _matching_pks(queryset: QuerySet, terms: list[str], operator: str) -> list[int]:
    if is_single_han(terms):
        results = queryset.autocomplete(terms[0], operator="and")
    else:
        results = queryset.search(" ".join(terms), operator=operator)
    return [page.pk for page in results[:MAX_RESULTS]]


def search_column(
    queryset: QuerySet, query: str, groups: Iterable[Sequence[str]] = ()
) -> list[SearchHit]:
    """Search ``queryset`` the way people type: whole matches first, then partial ones.

    Whole matches are the pages containing every pair of the query or of one of its
    variants (:func:`query_variants`), the query as typed first. When a query has more
    than one term, the pages containing only some of the typed pairs follow, best first.
    """
    seen: set[int] = set()
    whole: list[tuple[int, tuple[str, ...]]] = []
    typed_terms = query_terms(query)
    if not typed_terms:
        return []
    searched: set[tuple[str, ...]] = set()
    for variant in query_variants(query, synonym_groups(groups)):
        terms = tuple(query_terms(variant))
        if not terms or terms in searched:
            continue
        searched.add(terms)
        for pk in _matching_pks(queryset, list(terms), "and"):
            if pk not in seen:
                seen.add(pk)
                whole.append((pk, terms))
    # Among whole matches, those whose title holds every word of a variant come first.
    titles = dict(queryset.model.objects.filter(pk__in=seen).values_list("pk", "title"))
    whole.sort(
        key=lambda hit: not any(_title_has_all(titles.get(hit[0], ""), t) for t in searched)
    )
    hits = [SearchHit(pk, whole=True) for pk, _terms in whole]
    if len(typed_terms) > 1 and not is_single_han(typed_terms):
        for pk in _matching_pks(queryset, typed_terms, "or"):
            if pk not in seen:
                seen.add(pk)
                hits.append(SearchHit(pk, whole=False))
    return hits
