"""The domain of the catalogue: regions, departments, sources, reform cases and what they achieved."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse

from .choices import Layout, OutcomeKind, ReformStatus, RegionLevel, Script


class RegionQuerySet(models.QuerySet):
    def with_descendants(self, region):
        """The region itself and every region below it (a city and its districts)."""
        return self.filter(path__startswith=region.path)

    def by_name(self, name: str):
        """Regions written as `name`, by canonical name or alias.

        Aliases are matched in Python: JSON containment is not portable to SQLite, and there are few regions.
        """
        if not name:
            return self.none()
        ids = [pk for pk, aliases in self.values_list("pk", "aliases") if name in (aliases or [])]
        return self.filter(Q(name=name) | Q(pk__in=ids))


class Region(models.Model):
    """An administrative area a case is about: a province, a city, a district or county, or a special zone.

    Some areas go by two names (广州开发区 shares its administration with 黄埔区): the other names are
    aliases, never separate regions.
    """

    name = models.CharField("名称", max_length=64)
    level = models.CharField("级别", max_length=16, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    aliases = models.JSONField("别名", default=list, blank=True)
    slug = models.SlugField("标识", max_length=64, unique=True)
    path = models.CharField("路径", max_length=255, editable=False, db_index=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "地区"
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"],
                name="%(app_label)s_%(class)s_unique_name_in_parent",
                violation_error_message="同一上级下已有同名地区。",
            )
        ]

    def __str__(self):
        return self.name

    @transaction.atomic
    def save(self, *args, **kwargs):
        """Paths spell out the whole chain of slugs: a new slug or parent moves the whole subtree with it."""
        old_path = self._stored_path()
        self.path = f"{self.parent.path if self.parent_id else '/'}{self.slug}/"
        if old_path and self.path.startswith(old_path) and self.path != old_path:
            raise ValueError(f"region {self.slug} cannot be placed under its own subregion")
        if old_path and old_path != self.path:
            # First the subtree, so that whatever reacts to this save (the index) sees every path new.
            below = list(Region.objects.filter(path__startswith=old_path).exclude(pk=self.pk))
            for region in below:
                region.path = self.path + region.path[len(old_path):]
            Region.objects.bulk_update(below, ["path"])
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("catalogue:region", args=[self.slug])

    def clean(self):
        super().clean()
        if self.pk and self.parent_id and self.parent.path.startswith(self._stored_path() or "\0"):
            raise ValidationError({"parent": "上级不能是该地区本身或它的下级。"})

    def _stored_path(self) -> str | None:
        return Region.objects.filter(pk=self.pk).values_list("path", flat=True).first() if self.pk else None

    def ancestors(self):
        """From the province down to this region, for breadcrumbs."""
        chain, node = [], self
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    def all_names(self):
        return [self.name, *self.aliases]


class Department(models.Model):
    """A government body or public enterprise that leads or takes part in reforms, under its canonical name."""

    name = models.CharField("规范名称", max_length=128)
    region = models.ForeignKey(Region, verbose_name="所属地区", on_delete=models.PROTECT, related_name="departments")
    aliases = models.JSONField("其他写法", default=list, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "部门"
        ordering = ["region__path", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "name"],
                name="%(app_label)s_%(class)s_unique_name_in_region",
                violation_error_message="该地区已有同名部门。",
            )
        ]

    def __str__(self):
        return self.name


class Source(models.Model):
    """A published document the cases were taken from, kept verbatim so every case can be traced."""

    title = models.CharField("标题", max_length=255)
    publisher = models.CharField("发布者", max_length=255, blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    original_url = models.URLField("原文网址", max_length=500, blank=True, help_text="原文发布的网页地址(如已知)")
    file_name = models.CharField("文件名", max_length=128, unique=True)
    script = models.CharField("字体", max_length=16, choices=Script.choices, default=Script.SIMPLIFIED)
    layout = models.CharField("版式", max_length=32, choices=Layout.choices)
    sha256 = models.CharField("SHA-256", max_length=64, unique=True)
    raw_text = models.TextField("原文")
    repair_report = models.JSONField("乱码修复报告", default=dict, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "来源文件"
        ordering = ["file_name"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("catalogue:source", args=[self.pk])


class Indicator(models.Model):
    """One of the 18 indicators of China's national business-environment evaluation."""

    slug = models.SlugField("标识", max_length=64, unique=True)
    name = models.CharField("名称", max_length=64, unique=True)
    name_en = models.CharField("英文名称", max_length=128)
    bready_topic = models.CharField("世界银行B-READY主题", max_length=64)
    position = models.PositiveSmallIntegerField("排序", default=0)
    phrases = models.JSONField("识别短语", default=list, blank=True, help_text="出现这些短语的案例归入该指标")

    class Meta:
        verbose_name = verbose_name_plural = "评价指标"
        ordering = ["position"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalogue:indicator", args=[self.slug])


class ReformType(models.Model):
    """A reform mechanism that recurs across cases (告知承诺制, 秒批, 一网通办 …)."""

    slug = models.SlugField("标识", max_length=64, unique=True)
    name = models.CharField("名称", max_length=64, unique=True)
    definition = models.TextField("定义")
    phrases = models.JSONField(
        "识别短语", default=list, blank=True,
        help_text="机制名称单独即可为证;以~开头的是佐证词,须出现在标题中或与另一佐证词同现",
    )
    position = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "改革类型"
        ordering = ["position"]

    def __str__(self):
        return self.name


class Reform(models.Model):
    """One reform case: what a region did, who led it, how, and what it achieved, traced to its source."""

    title = models.CharField("标题", max_length=255)
    subtitle = models.CharField("副标题", max_length=255, blank=True)
    summary = models.TextField("概述", blank=True)
    body = models.TextField("正文", help_text="原文字体;繁体来源保持繁体")
    outcome_text = models.TextField("成效段落", blank=True)
    source = models.ForeignKey(Source, verbose_name="来源", on_delete=models.PROTECT, related_name="reforms")
    ordinal = models.PositiveIntegerField("来源中的序号")
    span_start = models.PositiveIntegerField("原文起始位置")
    span_end = models.PositiveIntegerField("原文结束位置")
    region = models.ForeignKey(Region, verbose_name="地区", on_delete=models.PROTECT, related_name="reforms")
    lead_departments = models.ManyToManyField(
        Department, verbose_name="牵头单位", blank=True, related_name="led_reforms"
    )
    partner_departments = models.ManyToManyField(
        Department, verbose_name="配合单位", blank=True, related_name="partnered_reforms"
    )
    status = models.CharField("状态", max_length=16, choices=ReformStatus.choices, default=ReformStatus.IMPLEMENTED)
    year = models.PositiveSmallIntegerField("年份", null=True, blank=True)
    primary_indicator = models.ForeignKey(
        Indicator, verbose_name="主要指标", null=True, blank=True, on_delete=models.SET_NULL, related_name="primary_reforms"
    )
    indicators = models.ManyToManyField(Indicator, verbose_name="相关指标", blank=True, related_name="reforms")
    reform_types = models.ManyToManyField(ReformType, verbose_name="改革类型", blank=True, related_name="reforms")
    classification_evidence = models.JSONField("分类依据", default=dict, blank=True, editable=False)
    labels_locked = models.BooleanField(
        "标签由编辑设定", default=False, help_text="选中后重新分类不会改动该案例的指标和改革类型"
    )
    outcomes_locked = models.BooleanField(
        "成效由编辑设定", default=False, help_text="选中后重新抽取成效不会改动该案例的成效"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="最后修改人", null=True, blank=True, on_delete=models.SET_NULL,
        editable=False,
    )
    version = models.PositiveIntegerField(
        "版本", default=1, editable=False, help_text="每次保存加一;编辑表单据此发现期间别人的修改"
    )

    class Meta:
        verbose_name = verbose_name_plural = "改革案例"
        ordering = ["source__file_name", "ordinal"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "ordinal"],
                name="%(app_label)s_%(class)s_unique_ordinal_in_source",
                violation_error_message="该来源中已有相同序号的案例。",
            ),
            models.CheckConstraint(
                condition=Q(span_end__gte=models.F("span_start")),
                name="%(app_label)s_%(class)s_span_ordered",
                violation_error_message="原文结束位置不能早于起始位置。",
            ),
        ]
        indexes = [
            # "newest first" sort on the search page
            models.Index(fields=["-year", "id"], name="reforms_reform_year_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """Every save of a stored case is a new version (optimistic locking in the admin compares it)."""
        if self.pk is not None and not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("catalogue:reform", args=[self.pk])

    @property
    def full_title(self):
        return f"{self.title}{self.subtitle}" if self.subtitle else self.title


class Practice(models.Model):
    """One thing a case did, in the order the source lists them (亮点1…, 一是…, (一)…)."""

    reform = models.ForeignKey(Reform, verbose_name="案例", on_delete=models.CASCADE, related_name="practices")
    position = models.PositiveSmallIntegerField("顺序")
    marker = models.CharField("编号", max_length=16, blank=True)
    text = models.TextField("内容")

    class Meta:
        verbose_name = verbose_name_plural = "主要做法"
        ordering = ["reform", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["reform", "position"],
                name="%(app_label)s_%(class)s_unique_position",
                violation_error_message="同一案例中做法顺序不能重复。",
            )
        ]

    def __str__(self):
        return f"{self.marker} {self.text[:30]}".strip()


class Outcome(models.Model):
    """A quantified result a case reports (or, for a plan, targets): a figure with its metric and unit."""

    reform = models.ForeignKey(Reform, verbose_name="案例", on_delete=models.CASCADE, related_name="outcomes")
    position = models.PositiveSmallIntegerField("顺序", default=0)
    phrase = models.TextField("原文短语")
    span_start = models.PositiveIntegerField("正文起始位置", null=True, blank=True)
    span_end = models.PositiveIntegerField("正文结束位置", null=True, blank=True)
    metric = models.CharField("指标", max_length=64, blank=True)
    kind = models.CharField("类别", max_length=16, choices=OutcomeKind.choices, default=OutcomeKind.OTHER)
    before = models.FloatField("改革前", null=True, blank=True)
    after = models.FloatField("改革后", null=True, blank=True)
    value = models.FloatField("数值", null=True, blank=True)
    unit = models.CharField("单位(原文)", max_length=32, blank=True)
    base_unit = models.CharField("基准单位", max_length=16, blank=True)
    value_base = models.FloatField("基准单位数值", null=True, blank=True)
    before_base = models.FloatField("改革前(基准单位)", null=True, blank=True)
    after_base = models.FloatField("改革后(基准单位)", null=True, blank=True)
    change_pct = models.FloatField("变化百分比", null=True, blank=True)
    qualifier = models.CharField("限定词", max_length=16, blank=True)
    range_low = models.FloatField("区间下限", null=True, blank=True)
    range_high = models.FloatField("区间上限", null=True, blank=True)
    is_target = models.BooleanField("目标值", default=False)
    as_of = models.DateField("截至日期", null=True, blank=True)
    edited = models.BooleanField("编辑修改过", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "量化成效"
        ordering = ["reform", "position"]
        indexes = [
            # outcome API filters and "largest time reduction" sort
            models.Index(fields=["kind", "change_pct"], name="reforms_outcome_kind_change"),
            # a case's deepest time cut (the search snapshot's "reduction" order, patched case by case):
            # without it the planners walk every time outcome in change_pct order looking for the case
            models.Index(fields=["reform", "kind", "change_pct"], name="reforms_outcome_case_cut"),
        ]

    def __str__(self):
        return self.phrase[:60]
