from kechuang.core.access import BUSINESS_WRITE, read_only, read_write

# The sheet-level check (SheetSpec.write_roles) runs in the views as well.
POLICY = {
    "dataio:batch_list": read_only(BUSINESS_WRITE),
    "dataio:batch_detail": read_only(BUSINESS_WRITE),
    "dataio:batch_commit": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "dataio:batch_cancel": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
    "dataio:batch_errors": read_only(BUSINESS_WRITE),
    "dataio:template": read_only(BUSINESS_WRITE),
    "dataio:upload": read_write(BUSINESS_WRITE, BUSINESS_WRITE),
}
