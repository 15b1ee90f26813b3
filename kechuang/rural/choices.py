from django.db import models
from django.utils.translation import gettext_lazy as _


class CommissionerKind(models.TextChoices):
    INDIVIDUAL = "individual", _("个人")
    LEGAL_PERSON = "legal_person", _("法人")
    TEAM = "team", _("团队")


class RosterAction(models.TextChoices):
    ADD = "add", _("增补")
    REMOVE = "remove", _("调出")


class ServedKind(models.TextChoices):
    FARMER = "farmer", _("农户")
    COOPERATIVE = "cooperative", _("合作社")
    ENTERPRISE = "enterprise", _("企业")
    OTHER = "other", _("其他")


class AchievementKind(models.TextChoices):
    DEMO_BASE = "demo_base", _("建设示范基地")
    PROJECT = "project", _("实施科技项目")
    TECH_SME = "tech_sme", _("培育科技型中小企业")
    HTE = "hte", _("培育高新技术企业")
    MEDIA = "media", _("媒体宣传报道")
    OTHER = "other", _("其他业绩")


class PointsItem(models.TextChoices):
    """What a points table counts: each item is read from the logged records."""

    SERVICE_DAYS = "service_days", _("服务天数（天）")
    SERVICE_RECORDS = "service_records", _("服务记录（次）")
    TRAININGS = "trainings", _("举办培训（场）")
    PARTICIPANTS = "participants", _("培训人次（人次）")
    DONATIONS = "donations", _("捐赠活动（次）")
    DEMO_BASE = "demo_base", _("建设示范基地（个）")
    PROJECT = "project", _("实施科技项目（项）")
    TECH_SME = "tech_sme", _("培育科技型中小企业（家）")
    HTE = "hte", _("培育高新技术企业（家）")
    MEDIA = "media", _("媒体宣传报道（篇）")
