from django.db import models
from django.utils.translation import gettext_lazy as _


class PlatformLevel(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    MUNICIPAL = "municipal", _("市级")
    COUNTY = "county", _("县级")


# lowest first: a level-up seeks a level above the current one
LEVEL_RANK = {
    PlatformLevel.COUNTY: 1,
    PlatformLevel.MUNICIPAL: 2,
    PlatformLevel.PROVINCIAL: 3,
    PlatformLevel.NATIONAL: 4,
}


class PlatformStatus(models.TextChoices):
    PLANNING = "planning", _("谋划中")
    NEGOTIATING = "negotiating", _("洽谈中")
    INTENTION = "intention", _("初步意向")
    APPLYING = "applying", _("申报中")
    RECOMMENDED_CITY = "recommended_city", _("已推荐至市")
    RECOMMENDED_PROVINCE = "recommended_province", _("已推荐至省")
    PUBLICISED = "publicised", _("公示中")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未获批")
    REVOKED = "revoked", _("已撤销")


class EvaluationGrade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    QUALIFIED = "qualified", _("合格")
    UNQUALIFIED = "unqualified", _("不合格")


# The dictionary's first entries (staff add more on the 平台类型 page): issue #16's list.
DEFAULT_KINDS = (
    "众创空间",
    "科技企业孵化器",
    "大学科技园",
    "院士工作站",
    "重点实验室",
    "工程技术研究中心",
    "企业技术中心",
    "新型研发机构",
    "创新创业共同体",
    "产业研究院",
    "技术转移中心",
    "中试基地",
    "星创天地",
    "农科驿站",
    "农业科技园区",
)

# the rural work line's platforms: told in the report's §一(六) and plan §三(五), not §一(三)
RURAL_KINDS = frozenset({"农科驿站", "农业科技园区"})
# R&D institutions in the sense of the tech-SME measures' direct route (115号 Art. 8(3): key
# laboratories, engineering technology research centres, enterprise technology centres …)
RD_INSTITUTION_KINDS = frozenset({"重点实验室", "工程技术研究中心", "企业技术中心"})
# open innovation and entrepreneurship platforms (HTE R&D-management item (3))
OPEN_PLATFORM_KINDS = frozenset({"众创空间", "科技企业孵化器", "大学科技园", "星创天地"})


def kind_flags(name: str) -> dict[str, bool]:
    return {
        "is_rd_institution": name in RD_INSTITUTION_KINDS,
        "is_open_platform": name in OPEN_PLATFORM_KINDS,
    }
