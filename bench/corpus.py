"""A deterministic synthetic corpus: N cases recombined from the real cases' titles, sentences, regions,
departments, labels and outcomes, in both scripts, so token statistics stay those of the real texts."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

from django.db import transaction

from reforms.models import Outcome, Practice, Reform, Source

SENTENCE = re.compile(r"[^。；!?]+[。；!?]?")
BATCH = 1000


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE.findall(text) if len(s.strip()) > 8]


def _title_parts(title: str) -> list[str]:
    return [p for p in re.split(r"[,，、]", title) if len(p) >= 4]


class CorpusGenerator:
    """Recombines real cases; the same seed and N always give the same corpus."""

    def __init__(self, seed: int = 20261121):
        self.random = random.Random(seed)
        templates = list(
            Reform.objects.order_by("pk").prefetch_related("indicators", "reform_types", "lead_departments", "outcomes", "practices")
        )
        if not templates:
            raise RuntimeError("the catalogue is empty: load the real sources first")
        self.templates = templates
        self.by_script = {"simplified": [], "traditional": []}
        for t in templates:
            self.by_script[t.source.script].append(t)
        self.sentences = {
            script: [s for t in group for s in _sentences(t.body)] for script, group in self.by_script.items()
        }
        self.titles = {script: [p for t in group for p in _title_parts(t.title)] for script, group in self.by_script.items()}

    def _case(self, source: Source, ordinal: int) -> tuple[Reform, object]:
        rng = self.random
        template = rng.choice(self.templates)
        script = template.source.script
        title = "".join(rng.sample(self.titles[script], 2))[:120]
        body_sentences = rng.sample(self.sentences[script], rng.randint(3, 8))
        body = "".join(body_sentences)
        reform = Reform(
            title=title, summary=body_sentences[0], body=body, outcome_text=body_sentences[-1], source=source,
            ordinal=ordinal, span_start=0, span_end=len(body), region=template.region, status=template.status,
            year=rng.choice([2019, 2020, 2021, 2022, 2023]), primary_indicator=template.primary_indicator,
        )
        return reform, template

    def generate(self, n: int, progress=None) -> Iterator[int]:
        """Add n synthetic cases under one synthetic source (in batches); yields how many are done."""
        source, _ = Source.objects.get_or_create(
            file_name="synthetic.txt",
            defaults={"title": "合成基准语料", "layout": "lead_unit", "sha256": "0" * 64, "raw_text": "", "script": "simplified"},
        )
        done = source.reforms.count()
        while done < n:
            size = min(BATCH, n - done)
            with transaction.atomic():
                pairs = [self._case(source, done + i + 1) for i in range(size)]
                reforms = Reform.objects.bulk_create([r for r, _ in pairs])
                through = Reform.indicators.through, Reform.reform_types.through, Reform.lead_departments.through
                ind, typ, lead, practices, outcomes = [], [], [], [], []
                for reform, template in zip(reforms, (t for _, t in pairs), strict=True):
                    ind += [through[0](reform_id=reform.pk, indicator_id=i.pk) for i in template.indicators.all()]
                    typ += [through[1](reform_id=reform.pk, reformtype_id=t.pk) for t in template.reform_types.all()]
                    lead += [through[2](reform_id=reform.pk, department_id=d.pk) for d in template.lead_departments.all()]
                    practices += [Practice(reform=reform, position=i, text=s) for i, s in enumerate(_sentences(reform.body)[:4], 1)]
                    outcomes += [
                        Outcome(reform=reform, position=o.position, phrase=o.phrase, metric=o.metric, kind=o.kind, before=o.before,
                                after=o.after, value=o.value, unit=o.unit, base_unit=o.base_unit, value_base=o.value_base,
                                change_pct=o.change_pct, qualifier=o.qualifier, is_target=o.is_target)
                        for o in template.outcomes.all()
                    ]
                for model, rows in zip((*through, Practice, Outcome), (ind, typ, lead, practices, outcomes), strict=True):
                    model.objects.bulk_create(rows, batch_size=2000)
            done += size
            if progress:
                progress(done)
            yield done
