from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    BUREAU = "bureau", _("市场监管部门")
    ENTERPRISE = "enterprise", _("企业")
    AGENCY = "agency", _("检验机构")
    PLATFORM = "platform", _("电商平台")
    ASSOCIATION = "association", _("行业协会")


class BureauLevel(models.TextChoices):
    PROVINCE = "province", _("省局")
    CITY = "city", _("市局")
    COUNTY = "county", _("县区局")


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("系统管理员")
    PROVINCE_STAFF = "province_staff", _("省局工作人员")
    CITY_STAFF = "city_staff", _("市局工作人员")
    COUNTY_STAFF = "county_staff", _("县区局工作人员")
    INSPECTOR = "inspector", _("执法检查人员")
    AGENCY_USER = "agency_user", _("检验机构用户")
    ENTERPRISE_USER = "enterprise_user", _("企业用户")
    PLATFORM_USER = "platform_user", _("电商平台用户")
    AUDITOR = "auditor", _("审计员")


BUREAU_ROLES = {Role.PROVINCE_STAFF, Role.CITY_STAFF, Role.COUNTY_STAFF, Role.INSPECTOR}
ORGANISATION_ROLES = {Role.AGENCY_USER, Role.ENTERPRISE_USER, Role.PLATFORM_USER}
PROVINCE_WIDE_ROLES = {Role.ADMINISTRATOR, Role.PROVINCE_STAFF, Role.AUDITOR}
