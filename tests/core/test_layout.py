"""Every work line keeps the standard shape (issue #13): the same module names, each with one
job, so a reader finds things where the house style puts them (docs/dev/add-a-model.md)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "kechuang"

# A work line's modules and what each holds.
STANDARD = {
    "__init__": "package marker",
    "apps": "AppConfig: registrations (audit log, navigation, reminders)",
    "access": "URL access policy",
    "urls": "URL patterns",
    "models": "models (a package's models, or the app's re-export of its sub-packages' models)",
    "choices": "TextChoices shared by models and forms",
    "services": "every write, validated and audited",
    "selectors": "every read, scoped through visible_to",
    "views": "pages (thin: forms → services, selectors → templates)",
    "forms": "forms",
    "filtersets": "list filters (shared by page and API)",
    "tables": "list tables",
    "importers": "dataio sheet specs (import/export columns)",
    "figures": "registered figures (one definition each)",
    "report": "registered report sections, dashboard cards and panels",
    "reminders": "daily reminders",
    "signals": "signal receivers",
    "tasks": "background job bodies",
    "documents": ".docx documents",
    "validation": "form checks with findings (errors and warnings)",
    "facts": "inputs for the rules engine, gathered from the registry",
    "industries": "the national industry classification",
    "actions": "actions other apps add to the enterprise page",
    "pages": "declared model pages: list, export, detail, add, edit, API (core.pages)",
    "demo": "the work line's rows of the demo county (a registered generator step)",
}
DIRECTORIES = {"api", "migrations", "management", "data", "__pycache__"}
WORK_LINES = ["enterprises", "cultivation", "rdstats", "targets", "example"]
SUB_PACKAGES = {"cultivation": {"assessments", "hte", "techsme"}}


def test_every_work_line_uses_the_standard_module_names():
    found = []
    for app in WORK_LINES:
        base = ROOT / app
        packages = [base] + [base / sub for sub in SUB_PACKAGES.get(app, ())]
        for package in packages:
            for entry in package.iterdir():
                if entry.is_dir():
                    if entry.name not in DIRECTORIES | SUB_PACKAGES.get(app, set()):
                        found.append(f"{app}: directory {entry.name}")
                elif entry.suffix == ".py" and entry.stem not in STANDARD:
                    found.append(f"{entry.relative_to(ROOT)}")
    assert found == []


def test_cultivation_sub_packages_each_have_models_services_selectors_views():
    for sub in SUB_PACKAGES["cultivation"]:
        names = {p.stem for p in (ROOT / "cultivation" / sub).glob("*.py")}
        assert {"models", "services", "selectors", "views"} <= names, sub
