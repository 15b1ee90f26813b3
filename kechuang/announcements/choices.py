from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    ALL = "all", _("本辖区全部企业")
    TOWN = "town", _("指定乡镇（街道）的企业")
    LIST = "list", _("指定企业")
