from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    BUREAU_ADMIN = "bureau_admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDITOR = "auditor", _("审计员")
    STAFF = "staff", _("业务人员")
    LEADER = "leader", _("局领导")
    ENTERPRISE = "enterprise", _("企业用户")
    COMMISSIONER = "commissioner", _("科技特派员")


# Separation of duties (三权分立): which roles each administrator may grant.
# Nobody grants a role to themselves (enforced in services).
GRANTABLE_BY: dict[str, frozenset[str]] = {
    Role.BUREAU_ADMIN: frozenset({Role.STAFF, Role.LEADER, Role.ENTERPRISE, Role.COMMISSIONER}),
    Role.SECURITY_ADMIN: frozenset(
        {
            Role.BUREAU_ADMIN,
            Role.SECURITY_ADMIN,
            Role.AUDITOR,
            Role.STAFF,
            Role.LEADER,
            Role.ENTERPRISE,
            Role.COMMISSIONER,
        }
    ),
}

# Roles whose idle timeout is the shorter admin one.
ADMIN_ROLES = frozenset({Role.BUREAU_ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR})


class RegionLevel(models.IntegerChoices):
    PROVINCE = 1, _("省")
    CITY = 2, _("市")
    COUNTY = 3, _("县（区）")
    TOWN = 4, _("乡镇（街道）")
    VILLAGE = 5, _("村（社区）")


CODE_LENGTH = {
    RegionLevel.PROVINCE: 2,
    RegionLevel.CITY: 4,
    RegionLevel.COUNTY: 6,
    RegionLevel.TOWN: 9,
    RegionLevel.VILLAGE: 12,
}


class LoginEventKind(models.TextChoices):
    SUCCESS = "success", _("登录成功")
    FAILURE = "failure", _("登录失败")
    LOCKOUT = "lockout", _("账号锁定")
    LOGOUT = "logout", _("退出登录")
    OTP_FAILURE = "otp_failure", _("动态口令错误")
    EXPIRED = "expired", _("会话超时")
    SESSION_REVOKED = "session_revoked", _("终止会话")
    THROTTLED = "throttled", _("登录频率受限")
    TOKEN_ISSUED = "token_issued", _("签发接口令牌")
    TOKEN_NEW_ADDRESS = "token_new_ip", _("令牌从新地址使用")
    TOKEN_REVOKED = "token_revoked", _("吊销接口令牌")
    TOKEN_IDLE = "token_idle", _("令牌闲置失效")
