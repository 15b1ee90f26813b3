from django.db import models
from django.utils.translation import gettext_lazy as _


class PolicyLevel(models.TextChoices):
    NATIONAL = "national", _("国家")
    PROVINCIAL = "provincial", _("省")
    CITY = "city", _("市")
    COUNTY = "county", _("县（区）")


class BenefitRule(models.TextChoices):
    """How the benefit per enterprise is estimated, where a rule computes it."""

    NONE = "none", _("不估算")
    RD_DEDUCTION = "rd_deduction", _("研发费用加计扣除（按研发费用和适用税率）")
    HTE_RATE = "hte_rate", _("高企15%优惠税率（按利润总额少缴10个百分点）")
    FIXED = "fixed", _("定额奖补（按政策金额）")


class Channel(models.TextChoices):
    """How an enterprise was told of a policy (the push ledger)."""

    VISIT = "visit", _("走访")
    PHONE = "phone", _("电话")
    MESSAGE = "message", _("短信或微信")
    TRAINING = "training", _("培训宣讲")


class Response(models.TextChoices):
    PENDING = "pending", _("未回复")
    INTERESTED = "interested", _("有意申报")
    APPLIED = "applied", _("已申报")
    DECLINED = "declined", _("暂不申报")


class Outlet(models.TextChoices):
    """Where a dissemination was published (seed: 通过微信、公众号等方式)."""

    WECHAT = "wechat", _("微信")
    OFFICIAL_ACCOUNT = "official_account", _("公众号")
    WEBSITE = "website", _("政府网站")
    TRAINING = "training", _("宣讲培训")
    OTHER = "other", _("其他")
