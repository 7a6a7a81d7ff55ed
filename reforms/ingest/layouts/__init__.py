"""One parser per source layout. Each turns a source's lines into CaseRecords, in source order."""

from . import action_plan, best_practice, lead_unit, numbered_table, provincial_cases

PARSERS = {
    "best_practice": best_practice.parse,
    "numbered_table": numbered_table.parse,
    "action_plan": action_plan.parse,
    "provincial_cases": provincial_cases.parse,
    "lead_unit": lead_unit.parse,
}
