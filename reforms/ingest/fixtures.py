"""Deterministic JSON fixtures from the parsed sources: same sources in, byte-identical files out."""

from __future__ import annotations

import json
from pathlib import Path

from ..taxonomy import INDICATORS, REFORM_TYPES
from . import gazetteer
from .payload import labels_of, outcomes_of, practices_of, reform_fields, seed_vocabularies, source_fields
from .pipeline import ParsedSource


def _row(model: str, pk: int, fields: dict) -> dict:
    return {"model": model, "pk": pk, "fields": fields}


def region_rows() -> list[dict]:
    ids = {slug: i for i, (slug, *_) in enumerate(gazetteer.REGIONS, 1)}
    rows = []
    for slug, name, level, parent, aliases in gazetteer.REGIONS:
        path, node = [], slug
        while node:
            path.append(node)
            node = gazetteer.parent_of(node)
        rows.append(_row("reforms.region", ids[slug], {
            "name": name, "level": level, "parent": ids[parent] if parent else None, "aliases": aliases,
            "slug": slug, "path": "/" + "/".join(reversed(path)) + "/",
        }))
    return rows


def taxonomy_rows() -> list[dict]:
    rows = [
        _row("reforms.indicator", i, {"slug": slug, "name": name, "name_en": en, "bready_topic": topic, "position": i, "phrases": phrases})
        for i, (slug, name, en, topic, phrases) in enumerate(INDICATORS, 1)
    ]
    rows += [
        _row("reforms.reformtype", i, {"slug": slug, "name": name, "definition": definition, "phrases": phrases, "position": i})
        for i, (slug, name, definition, phrases) in enumerate(REFORM_TYPES, 1)
    ]
    return rows


def catalogue_rows(sources: list[ParsedSource], failures: dict[str, list] | None = None) -> list[dict]:
    """Every catalogue row; figures that could not be read are listed per source file in `failures`."""
    region_ids = {slug: i for i, (slug, *_) in enumerate(gazetteer.REGIONS, 1)}
    indicator_ids = {slug: i for i, (slug, *_) in enumerate(INDICATORS, 1)}
    type_ids = {slug: i for i, (slug, *_) in enumerate(REFORM_TYPES, 1)}
    indicators, reform_types = seed_vocabularies()
    departments: dict[tuple[str, str], dict] = {}
    source_rows, reform_rows, practice_rows, outcome_rows = [], [], [], []
    reform_pk = practice_pk = outcome_pk = 0

    def department_id(resolved) -> int:
        key = (resolved.region_slug, resolved.name)
        if key not in departments:
            departments[key] = {"pk": len(departments) + 1, "aliases": []}
        if resolved.written_as != resolved.name and resolved.written_as not in departments[key]["aliases"]:
            departments[key]["aliases"].append(resolved.written_as)
        return departments[key]["pk"]

    for source_pk, parsed in enumerate(sources, 1):
        source_rows.append(_row("reforms.source", source_pk, source_fields(parsed)))
        for case in parsed.cases:
            reform_pk += 1
            labels = labels_of(case, indicators, reform_types)
            fields = reform_fields(case) | {
                "source": source_pk,
                "region": region_ids[case.region_slug],
                "lead_departments": sorted({department_id(d) for d in case.lead}),
                "partner_departments": sorted({department_id(d) for d in case.partners}),
                "primary_indicator": indicator_ids[labels.primary_indicator] if labels.primary_indicator else None,
                "indicators": [indicator_ids[s] for s in labels.indicators],
                "reform_types": [type_ids[s] for s in labels.reform_types],
                "classification_evidence": labels.evidence,
                "labels_locked": False,
                "outcomes_locked": False,
                "updated_at": "2024-01-01T00:00:00Z",
                "updated_by": None,
            }
            reform_rows.append(_row("reforms.reform", reform_pk, fields))
            for practice in practices_of(case):
                practice_pk += 1
                practice_rows.append(_row("reforms.practice", practice_pk, practice | {"reform": reform_pk}))
            for outcome in outcomes_of(case, (failures if failures is not None else {}).setdefault(parsed.info.file_name, [])):
                outcome_pk += 1
                outcome_rows.append(_row("reforms.outcome", outcome_pk, outcome | {"reform": reform_pk, "edited": False}))

    department_rows = [
        _row("reforms.department", meta["pk"], {"name": name, "region": region_ids[region], "aliases": meta["aliases"]})
        for (region, name), meta in sorted(departments.items(), key=lambda kv: kv[1]["pk"])
    ]
    return source_rows + department_rows + reform_rows + practice_rows + outcome_rows


def write_json(path: Path, rows: list[dict]) -> None:
    path.write_text(json.dumps(rows, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
