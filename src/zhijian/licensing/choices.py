"""Choices of the licensing app, with translated labels (zh-Hans is the source wording)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IssuingLevel(models.TextChoices):
    NATIONAL = "national", _("国家市场监管总局（原质检总局）")
    PROVINCIAL = "provincial", _("省级市场监管部门")


class Procedure(models.TextChoices):
    VERIFY_FIRST = "verify_first", _("先核后证（实地核查后发证）")
    COMMITMENT = "commitment", _("告知承诺（发证后现场审查）")


class LicenceStatus(models.TextChoices):
    VALID = "valid", _("有效")
    SUSPENDED = "suspended", _("暂停")
    REVOKED = "revoked", _("吊销")
    WITHDRAWN = "withdrawn", _("撤销")
    CANCELLED = "cancelled", _("注销")
    EXPIRED = "expired", _("过期")


LICENCE_STATUS_EN = {"valid": "valid", "suspended": "suspended", "revoked": "revoked", "withdrawn": "withdrawn",
                     "cancelled": "cancelled", "expired": "expired"}
LICENCE_STATUS_COLOURS = {"valid": "success", "suspended": "warning", "revoked": "danger", "withdrawn": "danger",
                          "cancelled": "secondary", "expired": "secondary"}


class ApplicationKind(models.TextChoices):
    NEW = "new", _("发证（新申请）")
    CHANGE = "change", _("变更")
    RENEWAL = "renewal", _("延续")
    CANCELLATION = "cancellation", _("注销")
    REPLACEMENT = "replacement", _("补领")


class ChangeKind(models.TextChoices):
    NONE = "", _("—")
    NAME = "name", _("企业名称变更")
    ADDRESS = "address", _("住所变更（生产地址不变）")
    PRODUCTION = "production", _("生产条件变更（含新增生产地址、生产线或重大技术改造）")


class Stage(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待受理")
    REVIEW = "review", _("材料审查")
    VERIFICATION = "verification", _("实地核查")
    TESTING = "testing", _("产品检验")
    DECISION = "decision", _("待决定")
    APPROVED = "approved", _("准予许可，待发证")
    ISSUED = "issued", _("已发证／已办结")
    REFUSED = "refused", _("不予受理")
    REJECTED = "rejected", _("不予许可")
    WITHDRAWN = "withdrawn", _("申请撤回")


OPEN_STAGES = (Stage.SUBMITTED, Stage.REVIEW, Stage.VERIFICATION, Stage.TESTING, Stage.DECISION, Stage.APPROVED)
CLOSED_STAGES = (Stage.ISSUED, Stage.REFUSED, Stage.REJECTED, Stage.WITHDRAWN)
STAGE_COLOURS = {
    "draft": "secondary", "submitted": "info", "review": "primary", "verification": "primary", "testing": "primary",
    "decision": "warning", "approved": "warning", "issued": "success", "refused": "danger", "rejected": "danger",
    "withdrawn": "secondary",
}


class DocumentKind(models.TextChoices):
    APPLICATION_FORM = "application_form", _("生产许可证申请书")
    BUSINESS_LICENCE = "business_licence", _("营业执照复印件")
    PRODUCTION_CONDITIONS = "production_conditions", _("生产条件及检验能力说明")
    QUALITY_MANUAL = "quality_manual", _("质量管理制度文件")
    TEST_REPORT = "test_report", _("有资质检验机构出具的产品检验报告")
    COMMITMENT = "commitment", _("告知承诺书")
    CHANGE_EVIDENCE = "change_evidence", _("变更证明材料")
    RESTRUCTURING = "restructuring", _("兼并重组、改造升级证明材料")
    LICENCE_ORIGINAL = "licence_original", _("原许可证正副本")
    LOSS_STATEMENT = "loss_statement", _("遗失声明")
    VERIFICATION_REPORT = "verification_report", _("实地核查报告")
    OTHER = "other", _("其他")


class VerificationResult(models.TextChoices):
    PASS = "pass", _("符合")
    FAIL = "fail", _("不符合")


class TestResult(models.TextChoices):
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


class Decision(models.TextChoices):
    APPROVE = "approve", _("准予许可")
    REJECT = "reject", _("不予许可")


class AnnualReportStatus(models.TextChoices):
    FILED = "filed", _("已报送")
    ACCEPTED = "accepted", _("审核通过")
    RETURNED = "returned", _("退回补正")


class CampaignStatus(models.TextChoices):
    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已结束")


class CampaignItemResult(models.TextChoices):
    PENDING = "pending", _("待检查")
    COMPLIANT = "compliant", _("符合")
    RECTIFY = "rectify", _("责令整改")
    REVOKE = "revoke", _("建议吊销")


class ProceedingTrigger(models.TextChoices):
    REINSPECTION_FAILED = "reinspection_failed", _("监督抽查复查仍不合格（条例第54条）")
    LICENCE_TRADING = "licence_trading", _("出租、出借、转让许可证（条例第49条）")
    CAMPAIGN = "campaign", _("专项检查不具备条件")
    FALSE_COMMITMENT = "false_commitment", _("告知承诺不实（行政许可法第69条，撤销）")
    OTHER = "other", _("其他")


class ProceedingStatus(models.TextChoices):
    OPEN = "open", _("立案待处理")
    REVOKED = "revoked", _("已吊销")
    CLOSED = "closed", _("不予吊销，结案")


class OverCapacityIndustry(models.TextChoices):
    STEEL = "steel", _("钢铁")
    CEMENT = "cement", _("水泥")
    OTHER = "other", _("其他产能严重过剩行业")
