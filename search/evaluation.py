"""Relevance measured on a judged query set: recall@10, MRR, nDCG@10, must-top-3 and hits on absent topics,
per class — for our search and, beside it, plain BM25 over jieba words (rank_bm25, in the evaluation only),
so the gain is visible. Case ids in the judged set are `<source prefix>-<ordinal>`."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from reforms.models import Reform
from reforms.text import normalise

from .engine import SearchParams, search
from .tokens import tokenizer


@dataclass
class Scores:
    queries: int = 0
    recall: float = 0.0
    mrr: float = 0.0
    ndcg: float = 0.0
    must_top3: float = 0.0
    must_total: int = 0
    absent: int = 0
    absent_over: int = 0  # absent topics answered with more than 2 results

    def row(self) -> dict:
        judged = max(self.queries - self.absent, 1)
        return {"queries": self.queries, "recall@10": round(self.recall / judged, 3), "mrr": round(self.mrr / judged, 3),
                "ndcg@10": round(self.ndcg / judged, 3), "must_top3": round(self.must_top3 / max(self.must_total, 1), 3),
                "absent": self.absent, "absent_over_2": self.absent_over}


def case_keys() -> dict[int, str]:
    return {pk: f"{file_name[:3]}-{ordinal}" for pk, file_name, ordinal in Reform.objects.values_list("pk", "source__file_name", "ordinal")}


def ours(keys: dict[int, str]):
    def run(q: str) -> list[str]:
        return [keys[pk] for pk in search(SearchParams(q=q), with_facets=False).page_ids(0, 50)]

    return run


def bm25_baseline(keys: dict[int, str]):
    """Plain BM25 over jieba words of each case's whole text: what an off-the-shelf ranker gives."""
    from rank_bm25 import BM25Okapi

    cases = list(Reform.objects.prefetch_related("practices").order_by("pk"))

    def words(text: str) -> list[str]:
        return [w for w in tokenizer().cut_for_search(normalise(text)) if w.strip() and not all(not c.isalnum() for c in w)]

    corpus = [words(" ".join([c.title, c.subtitle, c.summary, c.body, *(p.text for p in c.practices.all())])) for c in cases]
    model = BM25Okapi(corpus)

    def run(q: str) -> list[str]:
        scores = model.get_scores(words(q))
        ranked = sorted(range(len(cases)), key=lambda i: -scores[i])
        return [keys[cases[i].pk] for i in ranked if scores[i] > 0][:50]

    return run


def evaluate(judged: list[dict], run) -> dict[str, dict]:
    """Scores per class and over all, for a function from query to ranked case keys."""
    by_class: dict[str, Scores] = defaultdict(Scores)
    for item in judged:
        found = run(item["q"])
        for scores in (by_class[item["class"]], by_class["all"]):
            scores.queries += 1
            relevant = set(item["relevant"])
            if not relevant:
                scores.absent += 1
                scores.absent_over += len(found) > 2
                continue
            top = found[:10]
            scores.recall += len(relevant & set(top)) / min(len(relevant), 10)
            scores.mrr += next((1 / (i + 1) for i, k in enumerate(found) if k in relevant), 0.0)
            dcg = sum(1 / math.log2(i + 2) for i, k in enumerate(top) if k in relevant)
            ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), 10)))
            scores.ndcg += dcg / ideal
            must = item.get("must", [])
            scores.must_total += len(must)
            scores.must_top3 += len(set(must) & set(found[:3]))
    return {name: s.row() for name, s in sorted(by_class.items())}
