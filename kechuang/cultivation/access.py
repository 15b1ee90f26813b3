from kechuang.core.access import BUSINESS_READ, BUSINESS_WRITE, read_only, read_write

ENTERPRISE = frozenset({"enterprise"})

POLICY = {
    "cultivation:pool": read_only(BUSINESS_READ),
    "cultivation:pool_export": read_only(BUSINESS_READ),
    "cultivation:assess_all": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "cultivation:self_check": read_only(ENTERPRISE),
    "cultivation:gap_report": read_only(BUSINESS_READ),
    "cultivation:assess": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "cultivation:gap_report_docx": read_only(BUSINESS_READ),
    "cultivation:board": read_only(BUSINESS_READ),
    "cultivation:certificate_list": read_only(BUSINESS_READ),
    "cultivation:annual_report_add": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "cultivation:tech_sme_list": read_only(BUSINESS_READ),
    "cultivation:tech_sme_update_mark": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "cultivation:tech_sme_batch_add": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "cultivation:tech_sme_mobilise": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "cultivation:tech_sme_advance": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "cultivation:activity_add": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "cultivation:event_add": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "api:assessment-list": read_only(BUSINESS_READ | ENTERPRISE),
    "api:assessment-detail": read_only(BUSINESS_READ | ENTERPRISE),
    "api:enterprise-assess": read_write(BUSINESS_READ, BUSINESS_WRITE),
    "api:pipeline-event-list": read_write(BUSINESS_READ, BUSINESS_WRITE),
    "api:pipeline-event-detail": read_only(BUSINESS_READ),
    "api:activity-list": read_write(BUSINESS_READ, BUSINESS_WRITE),
    "api:activity-detail": read_only(BUSINESS_READ),
}
