from django.db import models
from django.utils.translation import gettext_lazy as _


class CallLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    MUNICIPAL = "municipal", _("市级")
    COUNTY = "county", _("县级")


class ProposalKind(models.TextChoices):
    """The reserve pool's kinds, in the seed's order (§一(五))."""

    ENTERPRISE_RD = "enterprise_rd", _("企业研发项目")
    AGRI_RD = "agri_rd", _("现代农业类重点研发计划项目")
    PLATFORM = "platform", _("创新平台")
    TALENT = "talent", _("人才项目")


class ProposalStatus(models.TextChoices):
    """A proposal's way through the reserve pool (issue #18)."""

    DRAFT = "draft", _("企业填报中")
    COLLECTED = "collected", _("已征集")
    RESERVED = "reserved", _("已储备")
    COACHED = "coached", _("已辅导")
    SUBMITTED = "submitted", _("已申报")
    FUNDED = "funded", _("已立项")
    NOT_FUNDED = "not_funded", _("未立项")
    WITHDRAWN = "withdrawn", _("已撤回")


# in the reserve pool: collected and not yet decided (a draft is the enterprise's, not yet ours)
IN_POOL = frozenset({"collected", "reserved", "coached", "submitted"})
NOT_SUBMITTED = frozenset({"draft", "collected", "reserved", "coached"})


class ProgrammeKind(models.TextChoices):
    INDUSTRY_LEADING = "industry_leading", _("省产业领军人才")
    TOP_TALENT = "top_talent", _("顶尖人才“一事一议”")
    OTHER = "other", _("其他人才计划")


class ApplicationStatus(models.TextChoices):
    PREPARING = "preparing", _("组织申报中")
    APPLIED = "applied", _("已申报")
    RECOMMENDED = "recommended", _("已推荐")
    APPROVED = "approved", _("已入选")
    REJECTED = "rejected", _("未入选")


class DocumentStatus(models.TextChoices):
    DRAFTED = "drafted", _("已起草")
    ISSUED = "issued", _("已印发")
