from kechuang.core.access import BUSINESS_READ, BUSINESS_WRITE, read_only, read_write

POLICY = {
    "targets:target_list": read_write(BUSINESS_READ, BUSINESS_WRITE),
    "api:target-list": read_write(BUSINESS_READ, BUSINESS_WRITE),
    "api:target-detail": read_only(BUSINESS_READ),
}
