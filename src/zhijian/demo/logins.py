"""The demo logins (issue 2); all share settings.DEMO_PASSWORD and exist only in debug mode.

Organisation names are those the demo province creates (demo/vocab.py), so `zhijian up` prints
where each login sits."""

# username, role label, organisation
DEMO_LOGINS: list[tuple[str, str, str]] = [
    ("admin", "系统管理员", "陕西省市场监督管理局"),
    ("sheng", "省局工作人员", "陕西省市场监督管理局"),
    ("xian", "市局工作人员", "西安市市场监督管理局"),
    ("baoji", "市局工作人员", "宝鸡市市场监督管理局"),
    ("yanta", "县区局工作人员", "西安市雁塔区市场监督管理局"),
    ("jianyan", "检验机构用户", "陕西省产品质量监督检验研究院"),
    ("qiye", "企业用户", "西安秦华电器有限公司"),
    ("pingtai", "电商平台用户", "陕西秦云优选电子商务有限公司"),
    ("shenji", "审计员", "陕西省市场监督管理局"),
]

# username -> accounts.choices.Role value
DEMO_ROLES: dict[str, str] = {
    "admin": "administrator", "sheng": "province_staff", "xian": "city_staff", "baoji": "city_staff",
    "yanta": "county_staff", "jianyan": "agency_user", "qiye": "enterprise_user", "pingtai": "platform_user",
    "shenji": "auditor",
}

# username -> display name
DEMO_NAMES: dict[str, str] = {
    "admin": "系统管理员", "sheng": "省局演示用户", "xian": "西安市局演示用户", "baoji": "宝鸡市局演示用户",
    "yanta": "雁塔区局演示用户", "jianyan": "省质检院演示用户", "qiye": "秦华电器演示用户",
    "pingtai": "秦云优选演示用户", "shenji": "审计演示用户",
}


def login_organisations() -> set[str]:
    return {org for _username, _role, org in DEMO_LOGINS}
