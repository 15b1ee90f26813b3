# ruff: noqa: E501 - the Markdown table rows of the guide are kept whole
"""Writes docs/dev/add-a-work-line.md, quoting kechuang/example/ as it is.

Run after changing the example: ``.venv/bin/python docs/dev/build_add_a_work_line.py``.
``tests/example/test_worked_example.py`` fails while a quoted block differs from its file.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def part(path, start, end=None):
    text = (ROOT / path).read_text(encoding="utf-8")
    i = text.index(start)
    j = text.index(end, i) if end else len(text)
    code = text[i:j].rstrip() + "\n"
    return f"```python\n# {path}\n{code}```\n"


doc = f"""# Adding a work line: the checklist and a worked example

A work line (platforms, talent, project calls, commissioners, enterprise service …) is mostly
**declarations on shared blocks**. This page is the checklist, then the smallest complete work
line, built exactly so: `kechuang/example/` (award nominations, 科技奖励推荐). The example is
installed only by the test settings; `tests/example/test_worked_example.py` runs it, the generic
tests of `tests/core/test_declared_pages.py` run for it, and a test checks that every code block
below is a verbatim part of the file it names — so this page cannot drift from the code.

Regenerate after changing the example: `.venv/bin/python docs/dev/build_add_a_work_line.py`.
See also `add-a-model.md` (the surface every model ships with) and `../decisions.md` (D-13…).

## Checklist

| # | Piece | Where | Shared block it uses |
|---|-------|-------|----------------------|
| 1 | Model with `objects = ScopedQuerySet.as_manager()`, a `Scope`, `version` for locking | `models.py` | `core.scoping` |
| 2 | The field list, written once (`Fields(...)`, `own=` for what an enterprise may edit) | `models.py` | `core.fields.Fields` |
| 3 | Dated status history: a `StateEvent` subclass and a registered `Workflow` | `models.py` | `core.states` |
| 4 | Services: create, update (optimistic locking), advance (the workflow) | `services.py` | `core.states.transition`, `core.locking.save_versioned` |
| 5 | FilterSet (page, export and API), table, form | `filtersets.py`, `tables.py`, `forms.py` | `core.api.filters.StyledFilterSet`, `RegionFilter`, `core.forms.VersionedForm` |
| 6 | The declaration: list, export, detail with history, add, edit, API viewset, policy | `pages.py` | `core.pages.ModelPages` |
| 7 | URLs, access policy, API router: one line each | `urls.py`, `access.py`, `api/urls.py` | `ModelPages.urls()/policy()/viewset()` |
| 8 | Audit registration | `apps.py` | auditlog (the request's user, the API token's, `actor_context` for commands) |
| 9 | Figures (one definition each) and the report paragraph | `figures.py`, `report.py` | `core.figures`, `core.reporting` |
| 10 | Demo rows of the demo county | `demo.py` | `kechuang.demo.generator.register_step` |
| 11 | Import/export columns when the line imports files; records under a row (a trip's visits, a history) as child sheets and a child API | `importers.py`, `api/views.py` | `dataio` `SheetSpec` (declare `sheet =` and `child_sheets =` on the pages; `dataio.states.StateRows` for rows that carry a state), `core.api.children.child_viewset` |
| 12 | Tests: one line in `SAMPLES` gives the generic page tests; the line's own rules tested | `tests/<app>/` | `tests/core/test_declared_pages.py` |
| 13 | Navigation, the Chinese guide, the glossary rows | `apps.py`, `docs/guide/`, `docs/glossary.md` | `core.navigation` |

Where the shape lacks something a line needs, extend the shape in `core` with its tests (as the
nested list of `rdstats.SurveyFormPages`, the computed rows of `cultivation.hte.PipelinePages` and
the demo steps, the child sheets of `platforms` and `talent` and the full-text index of
`core.fulltext` were added) — never copy an older app.

## 1–3. Model, field list, history

{part("kechuang/example/models.py", "# The field list, written once", "    objects = ScopedQuerySet")}
The scope is declared, never written by hand in a view: every page, export and API reads
`Nomination.objects.visible_to(user)`.

{part("kechuang/example/models.py", "    objects = ScopedQuerySet.as_manager()", "    class Meta:")}
The history is the state-change block: an event model and the moves allowed from each state
(`INITIAL` is "no state yet"). An illegal move is refused in Chinese by the block
(“不能从“已推荐”变为“获奖”。可以变为：已报送。”), and so is a date earlier than the last one.
A move that must carry facts says so in `requires` (state → {{fact: Chinese message}}): the
platforms' approval needs its level, document number and issuer, and a move without them is
refused with each message, nothing written (`check_facts`, which importers call too).

{part("kechuang/example/models.py", "class NominationEvent(StateEvent):")}
## 4. Services — every write

{part("kechuang/example/services.py", "@transaction.atomic")}
## 5. FilterSet, table, form

One FilterSet serves the list, its export and the API (`?award=municipal` filters all three).

{part("kechuang/example/filtersets.py", "class NominationFilter(StyledFilterSet):")}
{part("kechuang/example/tables.py", "class NominationTable(tables.Table):")}
{part("kechuang/example/forms.py", "class NominationForm(VersionedForm):")}
## 6–7. The declaration, and one line each in urls, access and the API router

{part("kechuang/example/pages.py", "@register")}
This gives `/example/` (list with filters, sorting, paging, page size; htmx refreshes only the
table), `/example/export/` (exactly the filtered rows, formula-safe, audited), `/example/<pk>/`
(fields and the history tab), `/example/add/`, `/example/<pk>/edit/` (optimistic locking, the
error summary) and `/api/v1/nominations/` (same queryset, same FilterSet, version 428/409).
Hooks a line may override: `queryset`, `rows` (computed rows, filtered further in Python),
`default_year` (a yearly list: the shared year control), `list_context`, `detail_context`,
`export_rows`, `export_audit`, `history`; attributes `routes`/`url_names` (keep old URLs, nest a
list under its parent), `page_filters`, `per_page`/`page_sizes`, `query_budget`, templates.

{part("kechuang/example/urls.py", "app_name")}
{part("kechuang/example/access.py", "def _declared()")}
{part("kechuang/example/api/urls.py", "router = ")}
## 8. Audit

{part("kechuang/example/apps.py", "    def ready(self) -> None:")}
## 9. Figure and report paragraph

A figure is counted from the dated history, so a later state never moves an earlier count.
Each figure has a budget (`budget_ms`, 250 ms by default: cold, the whole province, one year);
`bench/figures.py` measures every registered figure and `make bench` fails when one is over, so
write the count as one query over the scoped enterprises, as here, not a loop.
For the province and cities the task worker stores every figure (and each panel registered with
`snapshot=True`) and their dashboards and reports read it (`reports.snapshots`, decision 62): a
figure must see the user only through `enterprises_in`, as here, or say `snapshot=False`.
A figure whose records are not enterprises says so — `Figure(..., records="platforms.Platform")`
— and its app registers one `core.figures.Listing` for that model (columns, order, the
companion sheet's columns); the figure page, its export, the API and the report's companion
sheet then list those records (decision 65). A sentence that *names* a record rather than
writing a number records it with `c.mention(key, name)` (see `kechuang/platforms/report.py`).

{part("kechuang/example/figures.py", "def awarded(")}
{part("kechuang/example/report.py", "def awards_work(")}
## 10. Demo rows

{part("kechuang/example/demo.py", "@register_step")}
## 12. Tests

In `tests/core/test_declared_pages.py` one line per declaration —
`"example.nomination": _nomination` — gives: each page answers its roles and refuses the others
(403; 404 for another county's row; anonymous to the login page), an enterprise user never sees
another enterprise's rows (pages and API), the export is exactly the filtered visible rows, edit
saves through the service with locking and an audit row naming the user, and the list's query
count does not grow with the page size and stays within `query_budget`. The line's own rules
(the workflow, the scope of its services, its figure and paragraph, its demo step) are tested in
`tests/example/test_worked_example.py`.
"""
(ROOT / "docs/dev/add-a-work-line.md").write_text(doc, encoding="utf-8")
