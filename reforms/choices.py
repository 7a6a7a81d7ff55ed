"""The catalogue's fixed vocabularies, kept in one place."""

from django.db import models


class RegionLevel(models.TextChoices):
    PROVINCE = "province", "省"
    CITY = "city", "市"
    DISTRICT = "district", "区/县"
    ZONE = "zone", "特别合作区/功能区"


class Script(models.TextChoices):
    SIMPLIFIED = "simplified", "简体"
    TRADITIONAL = "traditional", "繁體"


class Layout(models.TextChoices):
    BEST_PRACTICE = "best_practice", "案例N + 单位:标题 + 亮点"
    NUMBERED_TABLE = "numbered_table", "序号/名称/具体内容 表格"
    ACTION_PLAN = "action_plan", "工程 + 编号任务 (行动方案)"
    PROVINCIAL_CASES = "provincial_cases", "编号标题 + 主要做法/取得成效"
    LEAD_UNIT = "lead_unit", "编号标题 + 牵头单位/配合单位"


class ReformStatus(models.TextChoices):
    IMPLEMENTED = "implemented", "已实施"
    PLANNED = "planned", "计划"


class OutcomeKind(models.TextChoices):
    TIME = "time", "时间"
    COST = "cost", "成本"
    MONEY = "money", "金额"
    COUNT = "count", "数量"
    MATERIALS = "materials", "材料/环节"
    PERCENT = "percent", "比率"
    OTHER = "other", "其他"
