"""Technical needs matched to experts: BM25 (rank_bm25) over jieba's segments.

An expert's words are kept on the row (``Expert.tokens``: its research fields twice, so a field
weighs more than a word of the profile, then keywords, profile and department), segmented once
when it is saved. The index over the experts a user sees is built once per version of that set
(the count, the newest change) and kept in the process, so a match scores the query against it
without segmenting or indexing 20,000 profiles per request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from threading import Lock
from typing import Any

WORD = re.compile(r"[\w\u4e00-\u9fff]")
# words that say nothing about a field of research
STOP = frozenset(
    {
        "研究",
        "技术",
        "相关",
        "方面",
        "以及",
        "进行",
        "开展",
        "提供",
        "需要",
        "解决",
        "问题",
        "项目",
        "企业",
        "我们",
        "公司",
        "工作",
        "应用",
        "方向",
        "领域",
        "主要",
        "负责",
        "合作",
        "有限公司",
        "及其",
        "关于",
        "一个",
        "通过",
        "实现",
        "提高",
        "相关技术",
        "工程",
    }
)


MAX_TEXT = 5000  # characters segmented of one text (a need, a profile): typed text has limits


def segment(text: str) -> list[str]:
    """Search-mode segments of ``text``, lower-cased, without punctuation, single Chinese
    characters and stop words ("复合材料成型工艺" → 复合, 材料, 复合材料, 成型, 工艺 …)."""
    import jieba

    words = []
    for raw in jieba.lcut_for_search((text or "")[:MAX_TEXT]):
        word = raw.strip().lower()
        if not word or not WORD.search(word) or word in STOP:
            continue
        if len(word) == 1 and not word.isascii():
            continue
        words.append(word)
    return words


def expert_tokens(expert: Any) -> list[str]:
    fields = segment(expert.fields)
    return (
        fields
        + fields
        + segment(expert.keywords)
        + segment(expert.profile)
        + segment(expert.department)
    )


@dataclass(frozen=True)
class Match:
    expert_id: int
    score: float
    words: tuple[str, ...]  # the need's words the expert's text holds


class _Index:
    def __init__(self, rows: list[tuple[int, str]]) -> None:
        from rank_bm25 import BM25Okapi

        self.ids = [pk for pk, _tokens in rows]
        docs = [tokens.split() for _pk, tokens in rows]
        self.vocab = [frozenset(doc) for doc in docs]
        self.bm25 = BM25Okapi(docs) if docs and any(docs) else None


_CACHE: dict[Any, _Index] = {}
_LOCK = Lock()


def _index(experts: Any) -> _Index:
    from django.db.models import Count, Max

    stamp = experts.order_by().aggregate(n=Count("pk"), at=Max("updated_at"), top=Max("pk"))
    key = (str(experts.query), stamp["n"], stamp["at"], stamp["top"])
    with _LOCK:
        found = _CACHE.get(key)
    if found is None:
        found = _Index(list(experts.order_by("pk").values_list("pk", "tokens")))
        with _LOCK:
            if len(_CACHE) > 32:  # a few scopes at a time; the oldest go first
                _CACHE.pop(next(iter(_CACHE)))
            _CACHE[key] = found
    return found


def rank(text: str, experts: Any, *, limit: int = 10) -> list[Match]:
    """The experts of ``experts`` (a queryset the caller scoped) best matching ``text``, with
    the words that matched; experts sharing no word with the text are not listed."""
    words = list(dict.fromkeys(segment(text)))
    index = _index(experts)
    if not words or index.bm25 is None:
        return []
    scores = index.bm25.get_scores(words)
    order = sorted(range(len(index.ids)), key=lambda i: -scores[i])
    found = []
    for i in order:
        shared = tuple(w for w in words if w in index.vocab[i])
        if not shared:
            continue
        found.append(Match(index.ids[i], float(scores[i]), shared))
        if len(found) >= limit:
            break
    return found
