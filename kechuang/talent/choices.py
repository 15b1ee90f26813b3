from django.db import models
from django.utils.translation import gettext_lazy as _


class InstitutionKind(models.TextChoices):
    UNIVERSITY = "university", _("高校")
    INSTITUTE = "institute", _("科研院所")
    OTHER = "other", _("其他")


class CooperationStatus(models.TextChoices):
    """The cooperation ladder, lowest rung first (issue #17)."""

    CONTACT = "contact", _("初步接触")
    INTENTION = "intention", _("合作意向")
    PRELIMINARY = "preliminary", _("初步协议")
    FRAMEWORK = "framework", _("框架协议")
    CONTRACT = "contract", _("项目合同")
    LANDED = "landed", _("项目落地")
    FINISHED = "finished", _("已完成")
    DROPPED = "dropped", _("已终止")


# the rungs in order (an end state is not a rung: "dropped" keeps the highest rung reached)
RUNGS = (
    CooperationStatus.CONTACT,
    CooperationStatus.INTENTION,
    CooperationStatus.PRELIMINARY,
    CooperationStatus.FRAMEWORK,
    CooperationStatus.CONTRACT,
    CooperationStatus.LANDED,
    CooperationStatus.FINISHED,
)
RUNG = {status.value: i for i, status in enumerate(RUNGS)}
# diagnostic 1: cooperations whose highest rung is a framework agreement or below
SHALLOW = frozenset(s.value for s in RUNGS[: RUNG[CooperationStatus.FRAMEWORK] + 1])
