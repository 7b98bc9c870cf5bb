"""The demo logins (issue 2); all share settings.DEMO_PASSWORD and exist only in debug mode."""

DEMO_LOGINS: list[tuple[str, str, str]] = [
    ("admin", "系统管理员", "陕西省市场监督管理局"),
    ("sheng", "省局工作人员", "陕西省市场监督管理局"),
    ("xian", "市局工作人员", "西安市市场监督管理局"),
    ("baoji", "市局工作人员", "宝鸡市市场监督管理局"),
    ("yanta", "县区局工作人员", "西安市雁塔区市场监督管理局"),
    ("jianyan", "检验机构用户", "陕西省产品质量监督检验研究院"),
    ("qiye", "企业用户", "演示企业（西安）"),
    ("pingtai", "电商平台用户", "演示电商平台"),
    ("shenji", "审计员", "陕西省市场监督管理局"),
]
