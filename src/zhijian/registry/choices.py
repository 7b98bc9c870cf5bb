from django.db import models
from django.utils.translation import gettext_lazy as _


class Industry(models.TextChoices):
    """Industries as Shaanxi's product-quality work groups them (the plan's key products fall in these)."""

    HOUSEHOLD_APPLIANCE = "appliance", _("家用电器")
    TEXTILE_GARMENT = "textile", _("纺织服装")
    TOY = "toy", _("玩具")
    FURNITURE = "furniture", _("家具")
    FIREWORKS = "fireworks", _("烟花爆竹")
    BUILDING_MATERIAL = "building", _("建材")
    WIRE_CABLE = "cable", _("电线电缆")
    CHEMICAL = "chemical", _("化工")
    FERTILISER = "fertiliser", _("化肥")
    FOOD_RELATED = "food_related", _("食品相关产品")
    DAILY_USE = "daily_use", _("日用品")
    PAPER = "paper", _("纸制品")
    ELECTRONICS = "electronics", _("电子电器")
    MACHINERY = "machinery", _("机械设备")
    AUTO_PARTS = "auto_parts", _("汽车配件")
    METAL_PRODUCT = "metal", _("金属制品")
    PROTECTIVE_EQUIPMENT = "protective", _("劳动防护用品")
    OTHER = "other", _("其他")


class SizeClass(models.TextChoices):
    LARGE = "large", _("大型")
    MEDIUM = "medium", _("中型")
    SMALL = "small", _("小型")
    MICRO = "micro", _("微型")


class EnterpriseStatus(models.TextChoices):
    """Registration status as the business registry reports it."""

    EXISTING = "existing", _("存续")
    OPERATING = "operating", _("在业")
    SUSPENDED = "suspended", _("停业")
    DEREGISTERED = "deregistered", _("注销")
    REVOKED = "revoked", _("吊销")


# Deregistration and revocation end an enterprise's life; nothing leads out of them.
ENTERPRISE_STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    EnterpriseStatus.EXISTING: frozenset({"operating", "suspended", "deregistered", "revoked"}),
    EnterpriseStatus.OPERATING: frozenset({"existing", "suspended", "deregistered", "revoked"}),
    EnterpriseStatus.SUSPENDED: frozenset({"existing", "operating", "deregistered", "revoked"}),
    EnterpriseStatus.DEREGISTERED: frozenset(),
    EnterpriseStatus.REVOKED: frozenset(),
}


class ProductStatus(models.TextChoices):
    IN_PRODUCTION = "in_production", _("在产")
    DISCONTINUED = "discontinued", _("停产")
    RECALLED = "recalled", _("已召回")


class AliasKind(models.TextChoices):
    CHINESE = "chinese", _("中文名")
    ENGLISH = "english", _("英文名")
    PINYIN = "pinyin", _("拼音")
    TYPO = "typo", _("常见错写")
    OTHER = "other", _("其他")
