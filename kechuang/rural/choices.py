from django.db import models
from django.utils.translation import gettext_lazy as _


class CommissionerKind(models.TextChoices):
    INDIVIDUAL = "individual", _("个人")
    LEGAL_PERSON = "legal_person", _("法人")
    TEAM = "team", _("团队")


class RosterAction(models.TextChoices):
    ADD = "add", _("增补")
    REMOVE = "remove", _("调出")
