"""Choices of the standards catalogue, with translated labels (zh-Hans is the source wording)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StandardNature(models.TextChoices):
    MANDATORY = "mandatory", _("强制性国家标准（GB）")
    RECOMMENDED = "recommended", _("推荐性国家标准（GB/T）")
    GUIDANCE = "guidance", _("国家标准化指导性技术文件（GB/Z）")
    INDUSTRY = "industry", _("行业标准（FZ/T、QB/T、JG/T 等）")
    LOCAL = "local", _("地方标准（DB61）")


class StandardStatus(models.TextChoices):
    CURRENT = "current", _("现行")
    UPCOMING = "upcoming", _("即将实施")
    WITHDRAWN = "withdrawn", _("废止")


STATUS_COLOURS = {
    StandardStatus.CURRENT: "success",
    StandardStatus.UPCOMING: "info",
    StandardStatus.WITHDRAWN: "secondary",
}


def nature_of(number: str) -> str:
    """The nature a normalised standard number implies: GB mandatory, GB/T recommended, and so on."""
    prefix = number.split(" ", 1)[0]
    if prefix == "GB":
        return StandardNature.MANDATORY
    if prefix == "GB/T":
        return StandardNature.RECOMMENDED
    if prefix == "GB/Z":
        return StandardNature.GUIDANCE
    if prefix.startswith("DB"):
        return StandardNature.LOCAL
    return StandardNature.INDUSTRY
