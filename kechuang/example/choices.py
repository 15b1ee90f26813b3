from django.db import models
from django.utils.translation import gettext_lazy as _


class Award(models.TextChoices):
    MUNICIPAL = "municipal", _("市科学技术进步奖")
    PROVINCIAL = "provincial", _("省科学技术进步奖")


class NominationStatus(models.TextChoices):
    NOMINATED = "nominated", _("已推荐")
    SUBMITTED = "submitted", _("已报送")
    AWARDED = "awarded", _("获奖")
    NOT_AWARDED = "not_awarded", _("未获奖")
