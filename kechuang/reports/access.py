from kechuang.core.access import BUSINESS_READ, BUSINESS_WRITE, read_only, read_write

POLICY = {
    "reports:dashboard": read_only(BUSINESS_READ),
    "reports:figure_detail": read_only(BUSINESS_READ),
    "reports:figure_export": read_only(BUSINESS_READ),
    "reports:report_list": read_only(BUSINESS_READ),
    "reports:report_generate": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "reports:report_detail": read_only(BUSINESS_READ),
    "reports:report_docx": read_only(BUSINESS_READ),
    "reports:report_xlsx": read_only(BUSINESS_READ),
    "reports:template_download": read_only(BUSINESS_READ),
    "reports:template_upload": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "reports:setting_save": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "api:figure-list": read_only(BUSINESS_READ),
    "api:figure-detail": read_only(BUSINESS_READ),
}
