"""The editors' admin, in Chinese: cases with their practices and outcomes inline, provenance read-only."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Model, QuerySet
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html, format_html_join

from .models import Department, Indicator, Outcome, Practice, Reform, ReformType, Region, Source
from .outcomes import sentence_around

# The change form needs the whole width for the inlines; the sidebar repeats the index page's links.
admin.site.enable_nav_sidebar = False


class LabelledInlineForm(forms.ModelForm):
    """A tabular inline's inputs stand under column headings, not beside labels: name each one for
    screen readers (axe's `label` rule)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", str(field.label))


class LabelledInlineFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        for name in ("DELETE", "ORDER"):
            if name in form.fields:
                form.fields[name].widget.attrs.setdefault("aria-label", str(form.fields[name].label))


class PracticeForm(LabelledInlineForm):
    class Meta:
        model = Practice
        fields = ("position", "marker", "text")
        widgets = {"text": forms.Textarea(attrs={"rows": 3, "cols": 80}), "marker": forms.TextInput(attrs={"size": 6})}


class PracticeInline(admin.TabularInline):
    model = Practice
    form = PracticeForm
    formset = LabelledInlineFormSet
    extra = 0


class OutcomeInlineForm(LabelledInlineForm):
    """One line per figure: short inputs sized to what they hold ("100个" needs no multi-line box)."""

    class Meta:
        model = Outcome
        fields = ("position", "phrase", "metric", "kind", "before", "after", "value", "unit", "change_pct", "qualifier", "is_target")
        widgets = {
            "phrase": forms.TextInput(attrs={"size": 10}),
            "metric": forms.TextInput(attrs={"size": 7}),
            "unit": forms.TextInput(attrs={"size": 4}),
            "qualifier": forms.TextInput(attrs={"size": 3}),
            **{name: forms.NumberInput(attrs={"class": "figure", "step": "any"}) for name in ("before", "after", "value", "change_pct")},
            "position": forms.NumberInput(attrs={"class": "figure short"}),
        }


class OutcomeInline(admin.TabularInline):
    """Figures next to the sentence they were read from, so an editor checks them without opening the body."""

    model = Outcome
    form = OutcomeInlineForm
    formset = LabelledInlineFormSet
    extra = 0
    fields = ("position", "source_sentence", "phrase", "metric", "kind", "before", "after", "value", "unit", "change_pct", "qualifier", "is_target", "edited")
    readonly_fields = ("source_sentence", "edited")
    classes = ("outcomes-inline",)

    @admin.display(description="原文句子")
    def source_sentence(self, obj):
        if obj.pk is None:
            return "—"
        before, figure, after = sentence_around(obj.reform.body, obj.span_start, obj.span_end)
        if not figure:
            return obj.phrase or "—"
        return format_html('<span class="sentence">{}<mark>{}</mark>{}</span>', before, figure, after)


def _shown(value) -> str:
    if isinstance(value, QuerySet | list | tuple | set):
        return "、".join(str(v) for v in value) or "(空)"
    if isinstance(value, Model):
        return str(value)
    return "(空)" if value in (None, "") else str(value)[:300]


class ReformAdminForm(forms.ModelForm):
    """Optimistic locking: the form carries the version it was opened at; if the case was saved since, the
    save is refused with what the other editor saved next to what this one submitted, and nothing is written."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Reform
        fields = ("title",)  # the admin passes the full list from ReformAdmin.fieldsets

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["opened_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        # Locks the row until the admin's transaction ends, so no save can slip in between check and write.
        current = Reform.objects.select_for_update().filter(pk=self.instance.pk).values_list("version", flat=True).first()
        opened_at = cleaned.get("opened_version")
        if opened_at is not None and opened_at != current:
            raise ValidationError(self._conflict_message(opened_at, current))
        return cleaned

    def _conflict_message(self, opened_at: int, current: int) -> list[str]:
        saved = self.instance
        who = saved.updated_by or "另一位编辑"
        lines = [
            f"保存冲突:您打开表单时是第 {opened_at} 版,此后 {who} 于 {saved.updated_at:%Y-%m-%d %H:%M} 保存了第 {current} 版。"
            "您的修改没有保存。下面列出已保存的版本与您提交的版本不同的字段;请核对后再保存"
            "(再次保存将以您提交的内容为准)。"
        ]
        for name in self.changed_data:
            if name == "opened_version" or name not in self.fields:
                continue
            label = self.fields[name].label or name
            lines.append(f"{label} —— 已保存的版本:{_shown(self.initial.get(name))};您的版本:{_shown(self.cleaned_data.get(name))}")
        # Re-shown, the form carries the current version: saving again is a deliberate overwrite.
        self.data = self.data.copy()
        self.data[self.add_prefix("opened_version")] = str(current)
        return lines


@admin.register(Reform)
class ReformAdmin(admin.ModelAdmin):
    form = ReformAdminForm
    list_display = ("title", "region", "primary_indicator", "source", "ordinal", "status", "year", "updated_at")
    list_filter = ("status", "source", "primary_indicator", "reform_types", "region", "labels_locked")
    search_fields = ("title", "subtitle", "summary", "body")
    # Plain labelled controls: the multi-value autocomplete and the two-box selector fail axe's label,
    # list and aria rules (and the selector's help was half English).
    autocomplete_fields = ("region",)
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    readonly_fields = ("source", "ordinal", "span_start", "span_end", "classification_explained", "updated_at", "updated_by")
    inlines = [PracticeInline, OutcomeInline]
    list_select_related = ("region", "primary_indicator", "source")
    fieldsets = (
        (None, {"fields": ("opened_version", "title", "subtitle", "summary", "body", "outcome_text", "region", "lead_departments", "partner_departments", "status", "year")}),
        ("分类", {"fields": ("primary_indicator", "indicators", "reform_types", "labels_locked", "classification_explained")}),
        ("成效", {"fields": ("outcomes_locked",)}),
        ("来源", {"fields": ("source", "ordinal", "span_start", "span_end", "updated_at", "updated_by")}),
    )

    @admin.display(description="分类依据")
    def classification_explained(self, obj):
        evidence = obj.classification_evidence or {}
        rows = [
            (group, slug, detail.get("score"), "、".join(detail.get("phrases", [])))
            for group in ("indicators", "reform_types")
            for slug, detail in evidence.get(group, {}).items()
        ]
        if not rows:
            return "—"
        return format_html(
            "<table><tr><th>类别</th><th>标签</th><th>得分</th><th>命中短语</th></tr>{}</table>",
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
        )

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        if change and {"primary_indicator", "indicators", "reform_types"} & set(form.changed_data):
            obj.labels_locked = True
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, Outcome):
                instance.edited = True
                form.instance.outcomes_locked = True
            instance.save()
        for deleted in formset.deleted_objects:
            if isinstance(deleted, Outcome):
                form.instance.outcomes_locked = True
            deleted.delete()
        formset.save_m2m()
        if form.instance.outcomes_locked:
            Reform.objects.filter(pk=form.instance.pk).update(outcomes_locked=True)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and {"indicators", "reform_types"} & set(form.changed_data):
            Reform.objects.filter(pk=form.instance.pk).update(labels_locked=True)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "parent", "slug")
    list_filter = ("level",)
    search_fields = ("name", "aliases", "slug")
    readonly_fields = ("path",)


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "region")
    list_filter = ("region",)
    search_fields = ("name", "aliases")
    autocomplete_fields = ("region",)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("title", "file_name", "publisher", "published_on", "script", "layout")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = ("title", "publisher", "published_on", "original_url", "file_name", "script", "layout", "sha256", "repair_report", "raw_text")
    readonly_fields = ("file_name", "sha256", "raw_text", "repair_report")


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("position", "name", "name_en", "bready_topic")
    list_display_links = ("name",)


@admin.register(ReformType)
class ReformTypeAdmin(admin.ModelAdmin):
    list_display = ("position", "name", "definition")
    list_display_links = ("name",)


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    list_display = ("phrase", "reform", "kind", "before", "after", "change_pct", "is_target")
    list_filter = ("kind", "is_target")
    search_fields = ("phrase", "metric")
    raw_id_fields = ("reform",)

    def save_model(self, request, obj, form, change):
        obj.edited = True
        super().save_model(request, obj, form, change)
