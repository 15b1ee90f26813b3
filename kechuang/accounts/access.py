from kechuang.core.access import (
    ANY_USER,
    AUDITORS,
    BUSINESS_READ,
    PUBLIC,
    USER_ADMINS,
    Rule,
    read_only,
    read_write,
)

SETUP = Rule(any_user=True, account_setup=True)
REGION_READERS = USER_ADMINS | BUSINESS_READ

POLICY = {
    "accounts:login": PUBLIC,
    "accounts:logout": SETUP,
    "accounts:password_change": SETUP,
    "accounts:otp_setup": SETUP,
    "accounts:otp_verify": SETUP,
    "accounts:my_sessions": ANY_USER,
    "accounts:my_session_end": ANY_USER,
    "accounts:my_token_revoke": ANY_USER,
    "accounts:user_list": read_only(USER_ADMINS),
    "accounts:user_detail": read_only(USER_ADMINS),
    "accounts:user_add": read_write(USER_ADMINS, USER_ADMINS),
    "accounts:user_edit": read_write(USER_ADMINS, USER_ADMINS),
    "accounts:user_set_active": read_write(USER_ADMINS, USER_ADMINS),
    "accounts:user_reset_password": read_write(USER_ADMINS, USER_ADMINS),
    "accounts:region_list": read_only(REGION_READERS),
    "accounts:region_detail": read_only(REGION_READERS),
    "accounts:login_log": read_only(AUDITORS),
    "accounts:change_log": read_only(AUDITORS),
    # API
    "api:auth_token": PUBLIC,
    "api:auth_revoke": ANY_USER,
    "api:me": ANY_USER,
    "api:region-list": read_only(REGION_READERS),
    "api:region-detail": read_only(REGION_READERS),
}
