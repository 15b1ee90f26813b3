from kechuang.core.access import (
    BUSINESS_READ,
    BUSINESS_WRITE,
    ENTERPRISE,
    OWN_READ,
    Rule,
    read_only,
    read_write,
)

FILLERS = BUSINESS_WRITE | ENTERPRISE  # the enterprise fills its own form; staff on its behalf


def _declared() -> dict[str, Rule]:
    from .pages import CampaignPages, SurveyFormPages

    return {**CampaignPages.policy(), **SurveyFormPages.policy()}


POLICY = {
    **_declared(),
    "rdstats:my_forms": read_only(ENTERPRISE),
    "rdstats:enterprise_forms": read_only(BUSINESS_READ),
    "rdstats:campaign_add": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "rdstats:campaign_detail": read_only(BUSINESS_READ),
    "rdstats:campaign_year": read_only(BUSINESS_READ),
    "rdstats:campaign_edit": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "rdstats:campaign_add_enterprises": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "rdstats:campaign_remind": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "rdstats:campaign_sync": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "rdstats:campaign_figures": read_only(BUSINESS_READ),
    "rdstats:form_detail": read_only(OWN_READ),
    "rdstats:form_save": read_write(FILLERS, FILLERS),
    "rdstats:form_autosave": read_write(FILLERS, FILLERS),
    "rdstats:form_review": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "rdstats:form_sync": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "api:rd-campaign-list": read_write(BUSINESS_READ, BUSINESS_WRITE),
    "api:rd-campaign-detail": read_only(BUSINESS_READ),
    "api:rd-campaign-figures": read_only(BUSINESS_READ),
    "api:rd-campaign-remind": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "api:rd-form-list": read_only(OWN_READ),
    "api:rd-form-detail": read_write(OWN_READ, FILLERS),
    "api:rd-form-submit": read_write(FILLERS, FILLERS),
    "api:rd-form-accept": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "api:rd-form-return": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
}
