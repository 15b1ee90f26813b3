from kechuang.core.access import (
    BUSINESS_READ,
    BUSINESS_WRITE,
    ENTERPRISE,
    OWN_READ,
    Rule,
    read_only,
    read_write,
)


def _declared() -> dict[str, Rule]:
    from .assessments.pages import PoolPages
    from .hte.pages import CertificatePages, PipelinePages
    from .techsme.pages import TechSmePages

    return {
        **PoolPages.policy(),
        **TechSmePages.policy(),
        **PipelinePages.policy(),
        **CertificatePages.policy(),
    }


POLICY = {
    **_declared(),
    "cultivation:assess_all": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "cultivation:self_check": read_only(ENTERPRISE),
    "cultivation:gap_report": read_only(BUSINESS_READ),
    "cultivation:expert_grade": read_write(BUSINESS_READ, BUSINESS_WRITE),
    "cultivation:assess": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "cultivation:gap_report_docx": read_only(BUSINESS_READ),
    "cultivation:board": read_only(BUSINESS_READ),
    "cultivation:event_attachment": read_only(BUSINESS_READ),
    "cultivation:hte_batch_add": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "cultivation:annual_report_add": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "cultivation:tech_sme_update_mark": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "cultivation:tech_sme_batch_add": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "cultivation:tech_sme_mobilise": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "cultivation:tech_sme_advance": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "cultivation:activity_add": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "cultivation:event_add": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "api:assessment-list": read_only(OWN_READ),
    "api:assessment-detail": read_only(OWN_READ),
    "api:enterprise-assess": read_write(BUSINESS_READ, BUSINESS_WRITE),
    "api:pipeline-event-list": read_write(BUSINESS_READ, BUSINESS_WRITE),
    "api:pipeline-event-detail": read_only(BUSINESS_READ),
    "api:activity-list": read_write(BUSINESS_READ, BUSINESS_WRITE),
    "api:activity-detail": read_only(BUSINESS_READ),
    "api:certificate-list": read_only(OWN_READ),
    "api:certificate-detail": read_only(OWN_READ),
    "api:sme-batch-list": read_write(BUSINESS_READ, BUSINESS_WRITE),
    "api:sme-batch-detail": read_only(BUSINESS_READ),
    "api:sme-registration-list": read_write(BUSINESS_READ, BUSINESS_WRITE),
    "api:sme-registration-detail": read_only(BUSINESS_READ),
    "api:sme-registration-advance": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
}
