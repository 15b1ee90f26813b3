from django.db import models
from django.utils.translation import gettext_lazy as _


class TechField(models.TextChoices):
    """国家重点支持的高新技术领域 (annex to 国科发火〔2016〕32号), rules.md §1.8."""

    ELECTRONIC_INFORMATION = "1", _("电子信息")
    BIO_MEDICINE = "2", _("生物与新医药")
    AEROSPACE = "3", _("航空航天")
    NEW_MATERIALS = "4", _("新材料")
    HIGH_TECH_SERVICES = "5", _("高技术服务")
    NEW_ENERGY = "6", _("新能源与节能")
    RESOURCES_ENVIRONMENT = "7", _("资源与环境")
    ADVANCED_MANUFACTURING = "8", _("先进制造与自动化")


class IpKind(models.TextChoices):
    INVENTION_PATENT = "invention", _("发明专利")
    DEFENSE_PATENT = "defense_patent", _("国防专利")
    PLANT_VARIETY = "plant_variety", _("植物新品种")
    CROP_VARIETY = "crop_variety", _("国家级农作物品种")
    NEW_DRUG = "new_drug", _("国家新药")
    TCM_VARIETY = "tcm_variety", _("国家一级中药保护品种")
    IC_LAYOUT = "ic_layout", _("集成电路布图设计专有权")
    UTILITY_MODEL = "utility_model", _("实用新型专利")
    DESIGN_PATENT = "design_patent", _("外观设计专利")
    SOFTWARE_COPYRIGHT = "software_copyright", _("软件著作权")
    TRADEMARK = "trademark", _("商标")
    OTHER = "other", _("其他")


class IpClass(models.TextChoices):
    CLASS_I = "I", _("Ⅰ类")
    CLASS_II = "II", _("Ⅱ类")
    NONE = "", _("不计入")


# Guideline §三(二) (rules.md §1.6): Class I and Class II kinds; trademarks count for neither.
CLASS_I_KINDS = frozenset(
    {
        IpKind.INVENTION_PATENT,
        IpKind.DEFENSE_PATENT,
        IpKind.PLANT_VARIETY,
        IpKind.CROP_VARIETY,
        IpKind.NEW_DRUG,
        IpKind.TCM_VARIETY,
        IpKind.IC_LAYOUT,
    }
)
CLASS_II_KINDS = frozenset(
    {
        IpKind.UTILITY_MODEL,
        IpKind.DESIGN_PATENT,
        IpKind.SOFTWARE_COPYRIGHT,
        IpKind.OTHER,
    }
)


def ip_class_for(kind: str) -> str:
    if kind in CLASS_I_KINDS:
        return IpClass.CLASS_I
    if kind in CLASS_II_KINDS:
        return IpClass.CLASS_II
    return IpClass.NONE


class IpStatus(models.TextChoices):
    PENDING = "pending", _("申请中")
    GRANTED = "granted", _("已授权")
    EXPIRED = "expired", _("已失效")


class QualificationKind(models.TextChoices):
    HTE = "hte", _("高新技术企业")
    TECH_SME = "tech_sme", _("科技型中小企业")
    OTHER = "other", _("其他资质")
