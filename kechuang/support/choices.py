from django.db import models
from django.utils.translation import gettext_lazy as _


class VisitKind(models.TextChoices):
    """A visit's purpose. Guidance and joint verification are the cultivation pipeline's
    on-site steps recorded here for one enterprise; the pipeline's multi-enterprise
    activities are read alongside (selectors.last_visits)."""

    SURVEY = "survey", _("常态化走访调研")
    GUIDANCE = "guidance", _("分类指导")
    VERIFICATION = "verification", _("联合核实")


class QuestionTopic(models.TextChoices):
    RD = "rd", _("研发计划")
    TALENT = "talent", _("人才需求")
    FINANCE = "finance", _("融资")
    QUALIFICATION = "qualification", _("资质认定")
    PROBLEM = "problem", _("困难问题")
    OTHER = "other", _("其他")


class AnswerKind(models.TextChoices):
    YES_NO = "yes_no", _("是/否")
    CHOICE = "choice", _("单选")
    NUMBER = "number", _("数值")
    TEXT = "text", _("文字")


class FlagWhen(models.TextChoices):
    """When a flagged answer raises the flag: always, or only for an enterprise whose HTE
    certificate expires by the end of next year ("HTE expires and no renewal planned")."""

    ALWAYS = "always", _("任何企业")
    HTE_EXPIRING = "hte_expiring", _("高企证书于次年底前到期的企业")


class MeasureSource(models.TextChoices):
    GAP = "gap", _("资格差距")
    NEED = "need", _("技术需求")
    FLAG = "flag", _("走访预警")
    OTHER = "other", _("其他")


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("实施中")
    DONE = "done", _("已完成")
