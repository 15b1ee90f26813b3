"""Declared model pages: one declaration per model gives its list, export, detail, add, edit,
import link, API viewset, URLs and access policy (issue #13; in the spirit of NetBox's generic
views).

A work line declares, in ``<app>/pages.py``::

    @register
    class PlatformPages(ModelPages):
        model = Platform
        namespace, name = "platforms", "platform"
        title, noun = _("创新平台"), _("平台")
        fields = Fields("name", "kind", "level", ..., own=("contact_phone",))
        filterset, table, sheet, serializer = PlatformFilter, PlatformTable, PlatformSheet, ...
        read, write = BUSINESS_READ, BUSINESS_WRITE

and adds ``*PlatformPages.urls()`` to its ``urlpatterns``, ``**PlatformPages.policy()`` to its
``POLICY`` and ``PlatformPages.viewset()`` to its API router. Everything reads through
:meth:`ModelPages.queryset` (scoped by ``visible_to(user)``) and writes through the declared
service functions, so a page, an export and the API can never disagree about which rows a user
sees. The generic tests (``tests/core/test_declared_pages.py``) run for every declaration.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from .access import BUSINESS_READ, Rule, read_only, read_write
from .fields import Fields
from .forms import call_service
from .history import history_rows
from .http import audit_access, xlsx_response
from .tables import PAGE_SIZES, configure_table

PAGES = ("list", "export", "detail", "add", "edit")


class ChildSheet:
    """Records kept under a list's rows, exported and imported in their own layout (a
    platform's dated statuses, a trip's visits): the list page offers "导出<title>" for the
    rows its filters select and "导入<title>" for the sheet, and the export is scoped and
    audited like the list's own."""

    do_not_call_in_templates = True

    def __init__(
        self,
        sheet: Any,
        parent: str,
        title: Any,
        order: tuple[str, ...] = ("pk",),
        read: frozenset[str] = frozenset({"staff", "leader"}),
    ) -> None:
        self.sheet = sheet  # a dataio SheetSpec over the child model
        self.parent = parent  # the child's path to the list's rows: "platform", "trip"
        self.title = title
        self.order = order
        self.read = read

    @property
    def name(self) -> str:
        return str(self.sheet.name)


DECLARED: dict[str, type[ModelPages]] = {}


def register(pages: type[ModelPages]) -> type[ModelPages]:
    key = pages.key()
    if key in DECLARED and DECLARED[key] is not pages:
        raise ValueError(f"model pages {key} declared twice")
    DECLARED[key] = pages
    return pages


class ModelPages:
    """The declaration. Class attributes say what the model is; the methods are the hooks a
    declaration overrides (every one has a default that works for a plain model)."""

    do_not_call_in_templates = True  # templates read ``pages.title``; never instantiate it

    model: ClassVar[type[models.Model]]
    namespace: ClassVar[str]
    name: ClassVar[str]
    title: ClassVar[Any]  # the list page's heading: 企业库
    noun: ClassVar[Any]  # one record: 企业
    pages: ClassVar[tuple[str, ...]] = PAGES
    fields: ClassVar[Fields | None] = None
    filterset: ClassVar[Any] = None
    table: ClassVar[Any]
    sheet: ClassVar[Any] = None  # a dataio SheetSpec: the import page and the export layout
    # records under each row with their own import/export layout (a trip's visits)
    child_sheets: ClassVar[tuple[ChildSheet, ...]] = ()
    serializer: ClassVar[Any] = None
    form: ClassVar[Any] = None
    # Who may use the pages: ``read`` the list/export/detail, ``write`` add, ``edit`` edit
    # (defaults to ``write``), ``detail`` the detail page (defaults to ``read``).
    read: ClassVar[frozenset[str]] = frozenset()
    write: ClassVar[frozenset[str]] = frozenset()
    edit_roles: ClassVar[frozenset[str] | None] = None
    detail_roles: ClassVar[frozenset[str] | None] = None
    api_read: ClassVar[frozenset[str] | None] = None
    api_write: ClassVar[frozenset[str] | None] = None
    # Path from the model to its enterprise's id, for scoping tests ("pk" for Enterprise).
    owner: ClassVar[str | None] = "enterprise_id"
    per_page: ClassVar[int] = 20
    query_budget: ClassVar[int] = 20  # queries of one list page, whatever its size (tested)
    page_sizes: ClassVar[tuple[int, ...]] = PAGE_SIZES
    list_template: ClassVar[str] = "core/pages/list.html"
    table_template: ClassVar[str] = "core/pages/_table.html"
    detail_template: ClassVar[str] = "core/pages/detail.html"
    form_template: ClassVar[str] = "core/pages/form.html"
    keeps_drafts: ClassVar[bool] = False  # typed data kept in the browser until the post lands
    large_controls: ClassVar[bool] = False  # big inputs and buttons (a phone in the field)
    # The export's order; () keeps the list's own order (a ranking, say).
    export_order: ClassVar[tuple[str, ...]] = ("pk",)
    add_title: ClassVar[Any] = None  # default: 新增<noun>
    page_filters: ClassVar[tuple[str, ...] | None] = None  # the filters on the page (None: all)
    route: ClassVar[str] = ""  # URL prefix inside the app: "pipeline/" → pipeline/export/
    # A page's whole route when the prefix does not fit, e.g. a list nested under its parent:
    # {"list": "campaigns/<int:campaign>/forms/"} (the view gets campaign=… as self.kwargs).
    routes: ClassVar[dict[str, str]] = {}
    url_names: ClassVar[dict[str, str]] = {}  # a page's URL name when not <name>_<page>

    # --- identity ---------------------------------------------------------------------------

    @classmethod
    def key(cls) -> str:
        return str(cls.model._meta.label_lower)

    @classmethod
    def url_name(cls, page: str) -> str:
        return cls.url_names.get(page, f"{cls.name}_{page}")

    @classmethod
    def view_name(cls, page: str) -> str:
        return f"{cls.namespace}:{cls.url_name(page)}"

    @classmethod
    def url_kwargs(cls, obj: Any) -> dict[str, Any]:
        """The route's parent arguments for a row (a nested list's parent), for links and the
        generic tests."""
        return {}

    @classmethod
    def row_text(cls, obj: Any) -> str:
        """Text by which a row is found on the list (the generic tests look for it)."""
        return str(obj)

    # --- reading (always scoped) ------------------------------------------------------------

    def __init__(self, request: HttpRequest, **kwargs: Any) -> None:
        self.request = request
        self.user: Any = request.user
        self.kwargs = kwargs  # a nested list's parent from its route: {"campaign": 7}

    def queryset(self) -> models.QuerySet[Any]:
        """Every row this user may see; the list, the export, the detail and the API start
        here."""
        return self.model._default_manager.visible_to(self.user)  # type: ignore[attr-defined, no-any-return]

    def get_object(self, pk: int) -> Any:
        try:
            return self.queryset().get(pk=pk)
        except ObjectDoesNotExist as exc:
            raise Http404 from exc

    def filtered(self) -> Any:
        """The FilterSet over :meth:`queryset`, bound to the query string; a yearly list's
        FilterSet with a ``year`` filter gets the page's year when the query names none (the
        year kept from another page, or the default), so table and filters agree."""
        data: Any = self.request.GET or None
        year = self.year()
        reads = "year" in self.filterset.base_filters or bool(
            getattr(self.filterset, "reads_year", False)
        )
        if year is not None and reads and not self.request.GET.get("year"):
            data = self.request.GET.copy()
            data["year"] = str(year)
        return make_filterset(self.filterset, data, self.queryset(), self.request)

    def rows(self, filterset: Any) -> Any:
        """What the list shows and the export writes: the filtered queryset. A declaration
        whose rows are computed (each enterprise's current step, a certificate's report
        status) returns a list here, filtered further in Python."""
        return filterset.qs

    # --- the year a yearly page shows -------------------------------------------------------

    def default_year(self) -> int | None:
        """A yearly list returns the year it shows by default (``?year=`` chooses another);
        None for a list that is not by year."""
        return None

    #: How the list reads the work year the user chose on another page (core.periods.page_year):
    #: the registry shows a figures year, the year before the work year.
    kept_year_offset = 0
    keeps_year = True

    def year(self) -> int | None:
        from .periods import page_year

        if type(self).default_year is ModelPages.default_year:
            return None  # not a yearly list
        if not hasattr(self, "_year"):
            default = self.default_year
            self._year = page_year(
                self.request,
                lambda: default() or 0,
                remember=self.keeps_year,
                offset=self.kept_year_offset,
            )
        return self._year

    def the_year(self) -> int:
        """:meth:`year` for a yearly list (one that declares ``default_year``)."""
        year = self.year()
        if year is None:
            raise TypeError(f"{type(self).__name__} declares no default_year()")
        return year

    def years(self) -> list[int]:
        """The years offered by the year control (core.periods.year_choices)."""
        from .periods import year_choices

        return year_choices(self.year() or 0)

    # --- writing (always through the services) ----------------------------------------------

    def create(self, data: dict[str, Any]) -> Any:
        raise NotImplementedError

    def update(self, obj: Any, data: dict[str, Any], version: int | None) -> Any:
        raise NotImplementedError

    def make_form(self, instance: Any = None) -> Any:
        posted = self.request.method == "POST"
        data = self.request.POST if posted else None
        kwargs: dict[str, Any] = {"instance": instance}
        if _accepts(self.form, "user"):
            kwargs["user"] = self.user
        if _accepts(self.form, "request"):
            kwargs["request"] = self.request  # a form prefilled from the query (a notice's list)
        if posted and self.request.FILES:
            kwargs["files"] = self.request.FILES  # a form with a file (an attachment)
        self.form_shown = self.form(data, **kwargs)
        return self.form_shown

    def form_value(self, name: str, default: Any = None) -> Any:
        """A cleaned value the form has beyond the declared fields (a notice's commissioners
        added, a record's photos), for ``create``/``update`` to hand to the service."""
        form = getattr(self, "form_shown", None)
        cleaned = getattr(form, "cleaned_data", None) or {}
        return cleaned.get(name, default)

    # --- what the pages show ----------------------------------------------------------------

    def list_context(self, filterset: Any) -> dict[str, Any]:
        return {}

    def detail_context(self, obj: Any) -> dict[str, Any]:
        return {}

    def editable(self, obj: Any) -> bool:
        """Whether this user may edit this record now, beyond the role (an enterprise's
        proposal once handed in): the detail page offers "编辑" only then."""
        return True

    def form_context(self, instance: Any) -> dict[str, Any]:
        return {}

    masked: ClassVar[tuple[str, ...]] = ()  # personal fields shown masked on the detail page

    def detail_rows(self, obj: Any) -> list[tuple[str, str]]:
        """(label, shown value) of each declared field: choices by label, money in its unit,
        yes/no in words, personal fields masked."""
        names = (
            self.fields.names
            if self.fields is not None
            else tuple(
                f.name for f in self.model._meta.concrete_fields if f.name not in ("id", "version")
            )
        )
        return [
            (
                str(getattr(self.model._meta.get_field(n), "verbose_name", n)),
                show_field(obj, n, n in self.masked),
            )
            for n in names
        ]

    def history(self, obj: Any) -> Any:
        """Audit entries shown on the detail page's history tab, newest first."""
        from auditlog.models import LogEntry

        return (
            LogEntry.objects.get_for_object(obj)
            .exclude(action=LogEntry.Action.ACCESS)
            .select_related("actor", "content_type")
            .prefetch_related("actor__groups")
            .order_by("-timestamp", "-pk")
        )

    def export_rows(self, rows: Any) -> tuple[list[str], Iterable[Sequence[Any]]]:
        """Headers and rows of the export: the import layout when a sheet is declared (so an
        export can be edited and imported again) unless ``?layout=screen`` asks for the
        columns on screen; else the table's columns as on screen (the user's hidden columns
        left out, 序号 and 操作 never exported)."""
        if self.sheet is not None and self.request.GET.get("layout") != "screen":
            from kechuang.core.money import export_unit
            from kechuang.dataio.engine import export_rows

            unit = export_unit(self.request.GET.get("unit"))
            headers, body = export_rows(self.sheet, rows, self.user, unit=unit)
            return list(headers), body
        from django.utils.html import strip_tags
        from django.utils.safestring import SafeData

        table = self.make_table(rows)
        values = table.as_values()
        headers = [strip_tags(str(h)) for h in next(values)]
        # A cell written as HTML on screen (a link, a badge) is exported as its text.
        body = (
            [strip_tags(str(v)) if isinstance(v, SafeData) else v for v in row] for row in values
        )
        return headers, body

    # --- the table: 序号 first, the user's hidden columns left out (issue #14) ------------------

    @classmethod
    def list_key(cls) -> str:
        """The key of this list's column preferences."""
        return f"{cls.namespace}:{cls.name}"

    def hidden_columns(self) -> list[str]:
        from .models import ListPreference
        from .tables import choosable_columns

        if not getattr(self.user, "is_authenticated", False):
            return []
        if not hasattr(self, "_hidden"):
            found = (
                ListPreference.objects.filter(user=self.user, key=self.list_key())
                .values_list("hidden", flat=True)
                .first()
            )
            allowed = {name for name, _label in choosable_columns(self.table)}
            self._hidden = [name for name in (found or []) if name in allowed]
        return self._hidden

    # --- row selection and batch actions (issue #14) -----------------------------------------

    #: The name the row checkboxes post, what each carries, and the lookup that finds the
    #: selected rows among the list's (a list of enterprises' rows may select enterprise ids).
    selection_field: ClassVar[str] = "selected"
    selection_lookup: ClassVar[str] = "pk"

    def selection_value(self, record: Any) -> Any:
        return record.pk

    def selection_label(self, record: Any) -> str:
        """What a row's checkbox is called for screen readers (选择 + this)."""
        try:
            return self.row_text(record)
        except AttributeError:
            return str(record)

    def selectable(self) -> bool:
        """Rows have checkboxes when there is something to do with a selection."""
        return bool(self.batch_actions())

    def batch_actions(self) -> list[dict[str, Any]]:
        """What can be done with the ticked rows: {"label", "url", "method", "testid"}. Every
        list with an export can export the selection; a declaration adds its own (remind the
        selected enterprises, add them to an activity)."""
        from .access import rule_for
        from .scoping import user_roles

        actions = []
        if "export" in self.pages:
            rule = rule_for(self.view_name("export"))
            if rule is not None and rule.allows(user_roles(self.user), "GET"):
                actions.append(
                    {
                        "label": _("导出选中"),
                        "url": reverse(self.view_name("export"), kwargs=self.kwargs or None),
                        "method": "get",
                        "testid": "export-selected",
                    }
                )
        return actions

    def selected(self) -> list[str]:
        data = self.request.POST if self.request.method == "POST" else self.request.GET
        return [v for v in data.getlist(self.selection_field) if str(v).isdigit()][:5000]

    def only_selected(self, rows: Any) -> Any:
        """The rows among ``rows`` that were ticked (all of them when none was)."""
        chosen = self.selected()
        if not chosen:
            return rows
        if isinstance(rows, models.QuerySet):
            return rows.filter(**{f"{self.selection_lookup}__in": chosen})
        wanted = {str(v) for v in chosen}
        return [r for r in rows if str(self.selection_value(r)) in wanted]

    def make_table(self, rows: Any) -> Any:
        from .tables import SelectColumn, SerialColumn

        extra = [("serial", SerialColumn())]
        first = ["serial"]
        if self.selectable():
            extra.insert(
                0,
                (
                    "select",
                    SelectColumn(self.selection_field, self.selection_value, self.selection_label),
                ),
            )
            first.insert(0, "select")
        rest = [n for n in self.table.base_columns if n not in first]
        operate = self.operate_column()
        if operate is not None:
            extra.append(("operate", operate))
            rest.append("operate")
        return self.table(
            rows,
            extra_columns=extra,
            sequence=(*first, *rest),
            exclude=self.hidden_columns(),
        )

    def operate_column(self) -> Any:
        """查看 / 编辑 at the end of each row, when the list has a detail page and its table
        declares no 操作 column of its own."""
        from .access import rule_for
        from .scoping import user_roles
        from .tables import OpenEditColumn

        own = any(
            getattr(c, "verbose_name", None) == _("操作") or n in ("actions", "operate")
            for n, c in self.table.base_columns.items()
        )
        if "detail" not in self.pages or own:
            return None
        roles = user_roles(self.user)
        detail_rule = rule_for(self.view_name("detail"))
        if detail_rule is None or not detail_rule.allows(roles, "GET"):
            return None
        edit = None
        edit_rule = rule_for(self.view_name("edit")) if "edit" in self.pages else None
        if edit_rule is not None and edit_rule.allows(roles, "POST"):
            edit_name = self.view_name("edit")
            edit = lambda record: reverse(edit_name, kwargs={"pk": record.pk})  # noqa: E731
        detail_name = self.view_name("detail")
        return OpenEditColumn(lambda record: reverse(detail_name, kwargs={"pk": record.pk}), edit)

    def export_filename(self) -> str:
        return f"{self.name}.xlsx"

    def export_audit(self, count: int) -> tuple[type[models.Model], str, str]:
        """What the audit log says of an export: (model, object id, text)."""
        return self.model, "export", _("导出%(t)s %(n)d 条") % {"t": self.title, "n": count}

    def success_url(self, obj: Any) -> str:
        return str(obj.get_absolute_url())

    # --- generated URLs, policy and API -----------------------------------------------------

    @classmethod
    def urls(cls) -> list[URLPattern]:
        views: dict[str, tuple[str, Callable[..., HttpResponse]]] = {
            "list": ("", list_view),
            "export": ("export/", export_view),
            "add": ("add/", add_view),
            "detail": ("<int:pk>/", detail_view),
            "edit": ("<int:pk>/edit/", edit_view),
        }
        patterns = [
            path(
                cls.routes.get(page, cls.route + route),
                view,
                {"pages": cls},
                name=cls.url_name(page),
            )
            for page, (route, view) in views.items()
            if page in cls.pages
        ]
        if cls.child_sheets:
            patterns.append(
                path(
                    cls.routes.get("child_export", cls.route + "export/<str:sheet>/"),
                    child_export_view,
                    {"pages": cls},
                    name=cls.url_name("child_export"),
                )
            )
        return patterns

    @classmethod
    def child(cls, name: str) -> ChildSheet | None:
        return next((c for c in cls.child_sheets if c.name == name), None)

    @classmethod
    def roles(cls, page: str) -> Rule:
        edit = cls.edit_roles if cls.edit_roles is not None else cls.write
        detail = cls.detail_roles if cls.detail_roles is not None else cls.read
        return {
            "list": read_only(cls.read),
            "export": read_only(cls.read),
            "detail": read_only(detail),
            "add": read_write(cls.write, cls.write),
            "edit": read_write(edit, edit),
        }[page]

    @classmethod
    def policy(cls) -> dict[str, Rule]:
        rules = {cls.view_name(page): cls.roles(page) for page in cls.pages}
        if cls.child_sheets:
            readers: frozenset[str] = frozenset().union(*(c.read for c in cls.child_sheets))
            rules[cls.view_name("child_export")] = read_only(readers)
        if cls.serializer is not None:
            basename = cls.api_basename()
            read = cls.api_read if cls.api_read is not None else cls.read
            write = cls.api_write if cls.api_write is not None else cls.write
            edit = cls.edit_roles if cls.edit_roles is not None else write
            rules[f"api:{basename}-list"] = read_write(read, write)
            rules[f"api:{basename}-detail"] = read_write(read | edit, edit)
        return rules

    @classmethod
    def api_basename(cls) -> str:
        return cls.name.replace("_", "-")

    @classmethod
    def viewset(cls) -> type:
        from .api.declared import declared_viewset

        return declared_viewset(cls)


@functools.lru_cache(maxsize=512)
def _accepts(callable_: Any, name: str) -> bool:
    """Whether ``callable_`` takes ``name`` (a filterset class: asked on every list request)."""
    try:
        return name in inspect.signature(callable_).parameters
    except (TypeError, ValueError):
        return False


def make_filterset(filterset: Any, data: Any, queryset: Any, request: Any) -> Any:
    kwargs: dict[str, Any] = {"queryset": queryset, "request": request}
    if _accepts(filterset, "user"):
        kwargs["user"] = request.user
    return filterset(data, **kwargs)


class ListPages(ModelPages):
    """A list and its export of rows that each belong to an enterprise (the pool, a year's
    registrations, a survey's forms): the rows are found on the page by the enterprise's name.
    Roles (``read``) are still declared by each list."""

    pages = ("list", "export")
    per_page = 50
    page_sizes = (50, 100, 200)

    @classmethod
    def row_text(cls, obj: Any) -> str:
        return str(obj.enterprise.name)


# --- the generic views ------------------------------------------------------------------------


def list_view(request: Any, pages: type[ModelPages], **kwargs: Any) -> HttpResponse:
    from .scoping import user_roles

    declared = pages(request, **kwargs)
    filterset = declared.filtered()
    # No request= here: django-tables2 would then paginate from the raw query string and
    # raise on ?per_page=-1; configure_table checks every number first.
    table = declared.make_table(declared.rows(filterset))
    configure_table(request, table, per_page=pages.per_page, sizes=pages.page_sizes)
    year = declared.year()
    context = {
        "pages": pages,
        "declared": declared,
        "filter": filterset,
        "filter_fields": [
            f
            for f in filterset.form
            if f.name != "ordering" and (pages.page_filters is None or f.name in pages.page_filters)
        ],
        "table": table,
        "columns": _column_choices(declared),
        "batch_actions": declared.batch_actions(),
        "selection_field": pages.selection_field,
        "page_sizes": pages.page_sizes,
        "per_page": table.paginator.per_page,
        "year": year,
        "years": declared.years() if year is not None else (),
        "title": pages.title,
        "noun": pages.noun,
        "urls": _urls(pages, request, kwargs),
        # the bureau's own links (readiness, reference data …) beside a list an enterprise
        # also reads
        "bureau": bool(user_roles(request.user) & BUSINESS_READ),
        **declared.list_context(filterset),
    }
    template = pages.table_template if getattr(request, "htmx", False) else pages.list_template
    return render(request, template, context)


def _column_choices(declared: ModelPages) -> list[tuple[str, str, bool]]:
    """(name, header, shown) for the column chooser."""
    from .tables import choosable_columns

    hidden = set(declared.hidden_columns())
    return [(name, label, name not in hidden) for name, label in choosable_columns(declared.table)]


def _urls(
    pages: type[ModelPages], request: Any, kwargs: dict[str, Any] | None = None
) -> dict[str, str]:
    """Named page URLs the user may use, for the templates' buttons."""
    from django.urls import reverse

    from .access import rule_for
    from .scoping import user_roles

    roles = user_roles(request.user)
    found: dict[str, str] = {}
    for page in ("list", "export", "add"):
        if page in pages.pages:
            rule = rule_for(pages.view_name(page))
            method = "POST" if page == "add" else "GET"
            if rule is not None and rule.allows(roles, method):
                found[page] = reverse(pages.view_name(page), kwargs=kwargs or {})
    if pages.sheet is not None:
        rule = rule_for("dataio:upload")
        if rule is not None and rule.allows(roles, "POST"):
            found["import"] = reverse("dataio:upload", args=[pages.sheet.name])
            found["template"] = reverse("dataio:template", args=[pages.sheet.name])
    children = []
    may_import = (rule := rule_for("dataio:upload")) is not None and rule.allows(roles, "POST")
    for child in pages.child_sheets:
        if not roles & child.read:
            continue
        children.append(
            {
                "title": child.title,
                "name": child.name,
                "export": reverse(
                    pages.view_name("child_export"), kwargs={**(kwargs or {}), "sheet": child.name}
                ),
                "import": reverse("dataio:upload", args=[child.name]) if may_import else "",
            }
        )
    if children:
        found["children"] = children  # type: ignore[assignment]
    return found


def _edit_url(pages: type[ModelPages], request: Any, obj: Any) -> str | None:
    from django.urls import reverse

    from .access import rule_for
    from .scoping import user_roles

    if "edit" not in pages.pages:
        return None
    rule = rule_for(pages.view_name("edit"))
    if rule is None or not rule.allows(user_roles(request.user), "POST"):
        return None
    if not pages(request).editable(obj):
        return None
    return reverse(pages.view_name("edit"), args=[obj.pk])


def show_field(obj: Any, name: str, masked: bool = False) -> str:
    """One field's value as a person reads it."""
    from django.utils.formats import date_format

    from .money import MoneyField, show_with_unit

    model_field: Any = obj._meta.get_field(name)
    if model_field.many_to_many:  # the related records' names, in a list
        return "、".join(str(related) for related in getattr(obj, name).all()) or "—"
    value = getattr(obj, name)
    if value is None or value == "":
        return "—"
    if masked:
        from kechuang.utilities.masking import mask_for_audit

        return str(mask_for_audit(value))
    if model_field.choices:
        return str(getattr(obj, f"get_{name}_display")())
    if isinstance(model_field, MoneyField):
        return str(show_with_unit(value, model_field.unit))
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if hasattr(value, "isoformat") and not hasattr(value, "hour"):
        return date_format(value, "Y-m-d")
    return str(value)


def export_view(request: Any, pages: type[ModelPages], **kwargs: Any) -> HttpResponse:
    """Exactly the filtered rows, formula-safe, with the export audited."""
    from kechuang.utilities.xlsx import write_xlsx

    declared = pages(request, **kwargs)
    found = declared.only_selected(declared.rows(declared.filtered()))
    if pages.export_order and isinstance(found, models.QuerySet):
        found = found.order_by(*pages.export_order)
    headers, rows = declared.export_rows(found)
    rows_list = list(rows)
    data = write_xlsx(headers, rows_list, sheet_title=str(pages.title)[:31])
    model, object_pk, text = declared.export_audit(len(rows_list))
    audit_access(
        request,
        model,
        object_pk,
        text,
        {"export": pages.key(), "rows": len(rows_list), "filters": request.GET.dict()},
    )
    return xlsx_response(data, declared.export_filename())


def child_export_view(
    request: Any, pages: type[ModelPages], sheet: str, **kwargs: Any
) -> HttpResponse:
    """A child sheet's records under the rows the list's filters select, in the import
    layout (an exported file imports back unchanged); scoped by both models and audited."""
    from django.core.exceptions import PermissionDenied

    from kechuang.dataio.engine import export_rows
    from kechuang.utilities.xlsx import write_xlsx

    from .scoping import user_roles

    child = pages.child(sheet)
    if child is None:
        raise Http404
    if not user_roles(request.user) & child.read:
        raise PermissionDenied
    declared = pages(request, **kwargs)
    parents = declared.only_selected(declared.rows(declared.filtered()))
    chosen = (
        parents.values("pk") if isinstance(parents, models.QuerySet) else [p.pk for p in parents]
    )
    records = (
        child.sheet.model._default_manager.visible_to(request.user)
        .filter(**{f"{child.parent}__in": chosen})
        .order_by(*child.order)
    )
    headers, rows = export_rows(child.sheet, records, request.user)
    body = list(rows)
    audit_access(
        request,
        pages.model,
        sheet,
        _("导出%(t)s %(n)d 条") % {"t": child.title, "n": len(body)},
        {"export": child.name, "rows": len(body), "filters": request.GET.dict()},
    )
    data = write_xlsx(headers, body, sheet_title=str(child.title)[:31])
    return xlsx_response(data, f"{child.name.replace('_', '-')}.xlsx")


def detail_view(request: Any, pages: type[ModelPages], pk: int) -> HttpResponse:
    declared = pages(request)
    obj = declared.get_object(pk)
    context = {
        "pages": pages,
        "object": obj,
        "title": str(obj),
        "urls": _urls(pages, request),
        "history": history_rows(declared.history(obj)[:100]),
        "rows": declared.detail_rows(obj),
        "edit_url": _edit_url(pages, request, obj),
        **declared.detail_context(obj),
    }
    return render(request, pages.detail_template, context)


def add_view(request: Any, pages: type[ModelPages]) -> HttpResponse:
    declared = pages(request)
    form = declared.make_form()
    return _form_page(
        request,
        declared,
        form,
        lambda: declared.create(pages.fields.pick(form.cleaned_data) if pages.fields else {}),
        title=str(pages.add_title or _("新增%(n)s") % {"n": pages.noun}),
        success=lambda obj: _("%(n)s“%(o)s”已登记。") % {"n": pages.noun, "o": obj},
    )


def edit_view(request: Any, pages: type[ModelPages], pk: int) -> HttpResponse:
    declared = pages(request)
    obj = declared.get_object(pk)
    form = declared.make_form(instance=obj)
    return _form_page(
        request,
        declared,
        form,
        lambda: declared.update(
            obj,
            pages.fields.pick(form.cleaned_data, request.user) if pages.fields else {},
            form.cleaned_data.get("version"),
        ),
        title=_("编辑：%(o)s") % {"o": obj},
        success=lambda saved: _("%(n)s信息已保存。") % {"n": pages.noun},
        instance=obj,
    )


def _form_page(
    request: Any,
    declared: ModelPages,
    form: Any,
    save: Callable[[], Any],
    *,
    title: str,
    success: Callable[[Any], str],
    instance: Any = None,
) -> HttpResponse:
    """Validate, call the service, say so and go on; or show the form again with its error
    summary (a service's ValidationError, PermissionDenied or EditConflict included)."""
    if request.method == "POST" and form.is_valid():
        saved = call_service(form, save)
        if saved is not None:
            messages.success(request, success(saved))
            return redirect(declared.success_url(saved))
    pages = type(declared)
    return render(
        request,
        pages.form_template,
        {
            "pages": pages,
            "form": form,
            "title": title,
            "object": instance,
            "urls": _urls(pages, request),
            **declared.form_context(instance),
        },
    )
