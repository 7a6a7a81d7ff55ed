"""The search index's bookkeeping, and the synonyms editors maintain."""

from django.db import models


class SearchDocument(models.Model):
    """The searchable form of one case, computed when the case (or a label it carries) is saved: its
    normalised text per weighted field and the jieba words of its title. Every machine's tantivy index is
    built from these rows, so neither a rebuild nor a new machine runs jieba and OpenCC again, and pages
    highlight on the stored normalised text instead of converting bodies per request."""

    reform = models.OneToOneField("reforms.Reform", on_delete=models.CASCADE, primary_key=True, related_name="search_document")
    title = models.TextField()
    labels = models.TextField()
    main = models.TextField()
    body = models.TextField()  # summary and body, as the snippet shows them
    title_words = models.TextField()
    reform_updated_at = models.DateTimeField(null=True)  # the case's updated_at this was computed from

    class Meta:
        verbose_name = verbose_name_plural = "检索文档"

    def __str__(self):
        return f"search document of case {self.reform_id}"


class IndexChange(models.Model):
    """One entry of the change log: a case whose search document changed (or was deleted), written in the
    same transaction as the change. Every process and machine replays the log into its own index and facet
    bitmaps. An entry without a case asks every index to rebuild from the stored documents. Inserts only:
    writers never wait on a shared row."""

    id = models.BigAutoField(primary_key=True)
    reform_id = models.BigIntegerField(null=True)
    token = models.CharField(max_length=32)  # tells a committed entry from a rolled-back one with the same id
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "索引变更记录"

    def __str__(self):
        return f"change {self.id}: case {self.reform_id}"


class FacetEntry(models.Model):
    """One facet value of one case (region=guangzhou, indicator=paying-taxes, kind=time …), written with
    the index. A case in 天河区 also carries its city and province, so counts roll up and a city filter
    takes its districts. Facet counts and filters are single-table GROUP BYs and lookups on this table."""

    reform = models.ForeignKey("reforms.Reform", on_delete=models.CASCADE, related_name="facet_entries")
    facet = models.CharField(max_length=16)
    value = models.CharField(max_length=64)

    class Meta:
        verbose_name = verbose_name_plural = "分面条目"
        constraints = [
            models.UniqueConstraint(fields=["reform", "facet", "value"], name="%(app_label)s_%(class)s_unique")
        ]
        indexes = [
            # filters: the cases that have facet=value
            models.Index(fields=["facet", "value", "reform"], name="search_facet_value_reform"),
        ]

    def __str__(self):
        return f"{self.facet}={self.value}"


class SynonymGroup(models.Model):
    """Words a searcher means interchangeably (秒批 ↔ 秒报秒批); any one of them finds the others."""

    terms = models.CharField("同义词", max_length=255, help_text="用逗号或空格分隔,例如:秒批, 秒报秒批")
    note = models.CharField("说明", max_length=255, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "同义词组"
        ordering = ["id"]

    # One group rewrites every search that uses one of its terms: keep groups small and specific.
    MAX_TERMS = 8
    MAX_TERM_LENGTH = 20
    # Function characters and words found in nearly every case: as a synonym they would match everything.
    STOP_TERMS = frozenset(
        "的 了 和 与 及 或 在 是 等 对 为 将 把 被 也 并 而 之 其 中 上 下 有 个 这 那 一 以及 和或".split()
        + ["营商环境", "优化营商环境", "改革", "企业", "服务", "政务服务", "工作", "推进", "实现", "提升"]
    )

    def __str__(self):
        return self.terms

    def clean(self):
        """Refuse groups that would widen every search: stop words, single characters, too many or too long terms."""
        from django.core.exceptions import ValidationError

        terms = self.term_list()
        problems = []
        if len(terms) < 2:
            problems.append("至少需要两个词。")
        if len(terms) > self.MAX_TERMS:
            problems.append(f"一组最多 {self.MAX_TERMS} 个词(现有 {len(terms)} 个)。")
        if len(set(terms)) < len(terms):
            problems.append("同一个词出现了两次。")
        for term in dict.fromkeys(terms):
            if len(term) < 2:
                problems.append(f"“{term}”只有一个字,会匹配几乎所有案例。")
            elif len(term) > self.MAX_TERM_LENGTH:
                problems.append(f"“{term[:30]}”超过 {self.MAX_TERM_LENGTH} 个字。")
            if term in self.STOP_TERMS:
                problems.append(f"“{term}”是停用词或几乎每个案例都有的词,不能作为同义词。")
        if problems:
            raise ValidationError({"terms": problems})

    def term_list(self) -> list[str]:
        import re

        from reforms.text import normalise

        return [normalise(t) for t in re.split(r"[,，、;；\s]+", self.terms) if t.strip()]


class IndexState:
    """The catalogue's index version as one string (the newest change-log entry): equal versions mean an
    unchanged catalogue, which conditional GETs and per-version caches rely on."""

    @staticmethod
    def current(using: str = "default") -> str:
        return str(IndexChange.objects.using(using).order_by("-id").values_list("id", flat=True).first() or 0)
