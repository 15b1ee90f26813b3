from kechuang.core.access import BUSINESS_READ, BUSINESS_WRITE, read_write

POLICY = {"targets:target_list": read_write(BUSINESS_READ, BUSINESS_WRITE)}
