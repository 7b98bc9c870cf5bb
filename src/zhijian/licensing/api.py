"""REST endpoints under /api/v1/licensing/: licences, applications (every e-approval step is an
action calling its service), annual reports, campaigns, the catalogue, the rules, SLA and worklists."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from zhijian.agencies.models import InspectionAgency, Inspector
from zhijian.core.api import ScopedViewSetMixin, identifier_field
from zhijian.core.identifiers import validate_licence_number
from zhijian.licensing import selectors, services
from zhijian.licensing.choices import (
    ApplicationKind,
    CampaignItemResult,
    ChangeKind,
    Decision,
    DocumentKind,
    Procedure,
    TestResult,
    VerificationResult,
)
from zhijian.licensing.filtersets import (
    AnnualReportFilterSet,
    ApplicationFilterSet,
    CampaignFilterSet,
    CatalogueFilterSet,
    LicenceFilterSet,
)
from zhijian.licensing.models import (
    AnnualReport,
    Application,
    ApplicationDocument,
    ApplicationStep,
    Campaign,
    CampaignItem,
    CatalogueEntry,
    Licence,
    LicenceStatusChange,
    RevocationProceeding,
    RuleSet,
)
from zhijian.licensing.permissions import may_read_bureau
from zhijian.registry.models import Enterprise, ProductCategory


class CategoryField(serializers.SlugRelatedField):
    def __init__(self, **kwargs: Any):
        super().__init__(slug_field="code", queryset=ProductCategory.objects.all(), **kwargs)


# --- licences ---------------------------------------------------------------------------------------

class StatusChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = LicenceStatusChange
        fields = ["old_status", "new_status", "changed_on", "basis", "reason"]


class LicenceSerializer(serializers.ModelSerializer):
    holder_uscc = serializers.CharField(source="holder.uscc", read_only=True)
    category = serializers.CharField(source="category.code", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Licence
        fields = ["id", "number", "holder", "holder_name", "holder_uscc", "region", "category", "product_name",
                  "models_covered", "residence", "production_addresses", "issuing_level", "procedure", "issued_on",
                  "valid_until", "status", "status_display", "status_changed_on", "status_basis", "post_review_due",
                  "post_review_done_on", "certificate_version"]


class LicenceDetailSerializer(LicenceSerializer):
    status_changes = StatusChangeSerializer(many=True, read_only=True)

    class Meta(LicenceSerializer.Meta):
        fields = [*LicenceSerializer.Meta.fields, "status_changes"]


class LicenceStatusSerializer(serializers.Serializer):
    transition = serializers.ChoiceField(choices=["suspend", "reinstate", "revoke", "withdraw", "cancel"])
    basis = serializers.CharField(required=False, allow_blank=True, max_length=200)
    reason = serializers.CharField(required=False, allow_blank=True)


class PostReviewSerializer(serializers.Serializer):
    performed_on = serializers.DateField()
    passed = serializers.BooleanField()
    report = serializers.CharField()


class ProceedingSerializer(serializers.ModelSerializer):
    licence_number = serializers.CharField(source="licence.number", read_only=True)

    class Meta:
        model = RevocationProceeding
        fields = ["id", "licence", "licence_number", "trigger", "source", "opened_on", "status", "closed_on", "note"]


class ProceedingCloseSerializer(serializers.Serializer):
    revoke = serializers.BooleanField()
    reason = serializers.CharField()
    basis = serializers.CharField(required=False, allow_blank=True, default="")


class SupervisionDrawSerializer(serializers.Serializer):
    category = CategoryField()
    n = serializers.IntegerField(min_value=1)
    region = serializers.CharField(required=False, default="610000")


class LicenceViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Production licences in the caller's scope; status changes with their legal basis."""

    serializer_class = LicenceSerializer
    selector = staticmethod(selectors.licence_list)
    filterset_class = LicenceFilterSet

    def get_serializer_class(self):
        return {"retrieve": LicenceDetailSerializer, "change_status": LicenceStatusSerializer,
                "post_review": PostReviewSerializer}.get(
            self.action, LicenceSerializer)

    @extend_schema(request=LicenceStatusSerializer, responses=LicenceDetailSerializer)
    @action(detail=True, methods=["post"], url_path="status")
    def change_status(self, request, pk: str | None = None) -> Response:
        licence = self.get_object()
        s = LicenceStatusSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.licence_change_status(acting_user=request.user, licence=licence, **s.validated_data)
        return Response(LicenceDetailSerializer(self.get_queryset().get(pk=licence.pk)).data)

    @extend_schema(request=PostReviewSerializer, responses=LicenceDetailSerializer)
    @action(detail=True, methods=["post"], url_path="post-review")
    def post_review(self, request, pk: str | None = None) -> Response:
        """The on-site review after a licence granted on commitment (a failed one withdraws it)."""
        licence = self.get_object()
        s = PostReviewSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.licence_post_review_record(acting_user=request.user, licence=licence, **s.validated_data)
        return Response(LicenceDetailSerializer(self.get_queryset().get(pk=licence.pk)).data)

    @extend_schema(responses={(200, "application/pdf"): bytes})
    @action(detail=True, methods=["get"])
    def certificate(self, request, pk: str | None = None) -> HttpResponse:
        from django.urls import reverse

        from zhijian.licensing.certificate import certificate_pdf

        licence = self.get_object()
        url = request.build_absolute_uri(reverse("portal:licence_verify", args=[licence.number]))
        return HttpResponse(certificate_pdf(licence, url), content_type="application/pdf")


# --- applications -------------------------------------------------------------------------------------

class DocumentSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = ApplicationDocument
        fields = ["id", "kind", "kind_display", "original_name", "size", "sha256", "uploaded_at"]


class StepSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", default=None, read_only=True)

    class Meta:
        model = ApplicationStep
        fields = ["action", "label", "from_stage", "to_stage", "actor", "on", "at", "note", "due"]


class ApplicationSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    category = serializers.CharField(source="category.code", read_only=True)
    licence_number = serializers.CharField(source="licence.number", default=None, read_only=True)
    issued_licence_number = serializers.CharField(source="issued_licence.number", default=None, read_only=True)
    stage_display = serializers.CharField(source="get_stage_display", read_only=True)

    class Meta:
        model = Application
        fields = ["id", "reference", "kind", "enterprise", "enterprise_name", "region", "licence_number", "category",
                  "product_name", "models_covered", "production_addresses", "change_kind", "new_holder_name", "new_residence",
                  "restructuring", "relocating", "stage", "stage_display", "procedure", "issuing_level",
                  "product_test_required", "priority", "onsite_exempt", "late_renewal_tolerated", "rule_notes",
                  "submitted_on", "accepted_on", "decided_on", "closed_on", "testing_days", "stage_due",
                  "stage_due_kind", "stage_due_basis", "stage_due_warning", "decision", "decision_reason",
                  "refusal_reason", "issued_licence_number"]


class ApplicationDetailSerializer(ApplicationSerializer):
    documents = DocumentSerializer(many=True, read_only=True)
    timeline = serializers.SerializerMethodField()
    missing_documents = serializers.SerializerMethodField()

    class Meta(ApplicationSerializer.Meta):
        fields = [*ApplicationSerializer.Meta.fields, "documents", "missing_documents", "timeline"]

    def get_timeline(self, obj: Application) -> list[dict]:
        user = self.context["request"].user
        steps = obj.steps.all() if user.is_bureau or user.has_role("auditor") else obj.steps.filter(public=True)
        return StepSerializer(steps, many=True).data

    def get_missing_documents(self, obj: Application) -> list[str]:
        return services.missing_documents(obj)


class ApplicationWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ApplicationKind.choices)
    enterprise = serializers.SlugRelatedField(slug_field="uscc", queryset=Enterprise.objects.all(), required=False,
                                              help_text="统一社会信用代码；企业用户可省略（默认本企业）")
    licence_number = identifier_field(validate_licence_number, required=False, allow_blank=True, max_length=30)
    category = CategoryField(required=False, allow_null=True)
    product_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    models_covered = serializers.ListField(child=serializers.CharField(max_length=255), required=False)
    production_addresses = serializers.ListField(child=serializers.CharField(max_length=255), required=False)
    procedure = serializers.ChoiceField(choices=Procedure.choices, required=False)
    change_kind = serializers.ChoiceField(choices=ChangeKind.choices, required=False, allow_blank=True)
    new_holder_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    new_residence = serializers.CharField(required=False, allow_blank=True, max_length=255)
    restructuring = serializers.BooleanField(required=False, default=False)
    relocating = serializers.BooleanField(required=False, default=False)
    applicant_note = serializers.CharField(required=False, allow_blank=True)


class DocumentUploadSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    file = serializers.FileField()


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ReviewSerializer(serializers.Serializer):
    passed = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AssignSerializer(serializers.Serializer):
    inspectors = serializers.PrimaryKeyRelatedField(queryset=Inspector.objects.all(), many=True, required=False)
    n = serializers.IntegerField(required=False, min_value=1, max_value=4)
    scheduled_on = serializers.DateField(required=False, allow_null=True)
    beacon = serializers.CharField(required=False, allow_blank=True, max_length=200)


class VerificationSerializer(serializers.Serializer):
    performed_on = serializers.DateField()
    result = serializers.ChoiceField(choices=VerificationResult.choices)
    report = serializers.CharField()
    samples_sealed = serializers.BooleanField(required=False, default=False)


class ProductTestSerializer(serializers.Serializer):
    agency = serializers.PrimaryKeyRelatedField(queryset=InspectionAgency.objects.all())
    delivered_on = serializers.DateField()
    reported_on = serializers.DateField()
    report_number = serializers.CharField(max_length=60)
    result = serializers.ChoiceField(choices=TestResult.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Decision.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ApplicationViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Licence applications; POST creates a draft (enterprise users), the actions are the e-approval steps."""

    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilterSet
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        if self.action == "list":
            return selectors.application_list(self.request.user)
        return selectors.application_detail_queryset(self.request.user)

    def get_serializer_class(self):
        return {"create": ApplicationWriteSerializer, "retrieve": ApplicationDetailSerializer,
                "documents": DocumentUploadSerializer, "withdraw": ReasonSerializer, "accept": ReasonSerializer,
                "refuse": ReasonSerializer, "review": ReviewSerializer, "assign_verifiers": AssignSerializer,
                "verification": VerificationSerializer, "product_test": ProductTestSerializer,
                "decide": DecisionSerializer, "issue": ReasonSerializer}.get(self.action, ApplicationSerializer)

    def _detail(self, app: Application, code: int = 200) -> Response:
        obj = selectors.application_detail_queryset(self.request.user).filter(pk=app.pk).first()
        if obj is None:
            raise PermissionDenied("写入后不在您的管辖范围内 / outside your jurisdiction")
        return Response(ApplicationDetailSerializer(obj, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=ApplicationWriteSerializer, responses=ApplicationDetailSerializer)
    def create(self, request, *args: Any, **kwargs: Any) -> Response:
        s = ApplicationWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        if data.get("kind") != ApplicationKind.NEW:
            data.setdefault("models_covered", None)
            data.setdefault("production_addresses", None)
        app = services.application_create(acting_user=request.user, **data)
        return self._detail(app, status.HTTP_201_CREATED)

    def _step(self, request, fn, serializer_cls, **extra: Any) -> Response:
        app = self.get_object()
        s = serializer_cls(data=request.data)
        s.is_valid(raise_exception=True)
        fn(acting_user=request.user, application=app, **s.validated_data, **extra)
        return self._detail(app)

    @extend_schema(request=DocumentUploadSerializer, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def documents(self, request, pk: str | None = None) -> Response:
        """Upload one required document (multipart: kind, file)."""
        return self._step(request, services.document_upload, DocumentUploadSerializer)

    @extend_schema(request=None, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk: str | None = None) -> Response:
        app = self.get_object()
        services.application_submit(acting_user=request.user, application=app)
        return self._detail(app)

    @extend_schema(request=ReasonSerializer, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk: str | None = None) -> Response:
        return self._step(request, services.application_withdraw, ReasonSerializer)

    @extend_schema(request=ReasonSerializer, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk: str | None = None) -> Response:
        app = self.get_object()
        s = ReasonSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.application_accept(acting_user=request.user, application=app, note=s.validated_data["reason"])
        return self._detail(app)

    @extend_schema(request=ReasonSerializer, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk: str | None = None) -> Response:
        return self._step(request, services.application_refuse, ReasonSerializer)

    @extend_schema(request=ReviewSerializer, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk: str | None = None) -> Response:
        return self._step(request, services.application_review, ReviewSerializer)

    @extend_schema(request=AssignSerializer, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"], url_path="assign-verifiers")
    def assign_verifiers(self, request, pk: str | None = None) -> Response:
        app = self.get_object()
        s = AssignSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        services.verification_assign(acting_user=request.user, application=app, inspectors=data.get("inspectors") or None,
                                     n=data.get("n"), scheduled_on=data.get("scheduled_on"),
                                     beacon=data.get("beacon", ""))
        return self._detail(app)

    @extend_schema(request=VerificationSerializer, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def verification(self, request, pk: str | None = None) -> Response:
        return self._step(request, services.verification_record, VerificationSerializer)

    @extend_schema(request=ProductTestSerializer, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"], url_path="product-test")
    def product_test(self, request, pk: str | None = None) -> Response:
        return self._step(request, services.product_test_record, ProductTestSerializer)

    @extend_schema(request=DecisionSerializer, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk: str | None = None) -> Response:
        return self._step(request, services.application_decide, DecisionSerializer)

    @extend_schema(request=ReasonSerializer, responses=ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request, pk: str | None = None) -> Response:
        app = self.get_object()
        s = ReasonSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.application_issue(acting_user=request.user, application=app, note=s.validated_data["reason"])
        return self._detail(app)


# --- annual reports, campaigns -------------------------------------------------------------------------

class AnnualReportSerializer(serializers.ModelSerializer):
    licence_number = serializers.CharField(source="licence.number", read_only=True)

    class Meta:
        model = AnnualReport
        fields = ["id", "licence", "licence_number", "year", "filed_on", "conditions_changed", "changes", "output_value",
                  "sales_value", "spot_check_summary", "status", "reviewed_on", "review_note"]
        read_only_fields = ["filed_on", "status", "reviewed_on", "review_note"]


class AnnualReviewSerializer(serializers.Serializer):
    accepted = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class YearSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class AnnualReportViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Annual self-inspection reports; `missing/?year=` lists licences without one; `remind` sends reminders."""

    serializer_class = AnnualReportSerializer
    selector = staticmethod(selectors.annual_report_list)
    filterset_class = AnnualReportFilterSet

    def get_serializer_class(self):
        return {"review": AnnualReviewSerializer, "remind": YearSerializer}.get(self.action, AnnualReportSerializer)

    def create(self, request, *args: Any, **kwargs: Any) -> Response:
        s = AnnualReportSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        licence = get_object_or_404(selectors.licence_list(request.user), pk=data.pop("licence").pk)
        report = services.annual_report_file(acting_user=request.user, licence=licence, **data)
        return Response(AnnualReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AnnualReviewSerializer, responses=AnnualReportSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk: str | None = None) -> Response:
        report = self.get_object()
        s = AnnualReviewSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        return Response(AnnualReportSerializer(services.annual_report_review(acting_user=request.user, report=report,
                                                                           **s.validated_data)).data)

    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def missing(self, request) -> Response:
        year = int(request.query_params.get("year") or timezone.localdate().year - 1)
        return Response([LicenceSerializer(x).data for x in selectors.missing_annual_reports(request.user, year)])

    @extend_schema(request=YearSerializer)
    @action(detail=False, methods=["post"], filterset_class=None)
    def remind(self, request) -> Response:
        s = YearSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        sent = services.annual_reminders_send(acting_user=request.user, year=s.validated_data["year"])
        return Response({"sent": len(sent), "licences": [r.licence.number for r in sent]})


class CampaignItemSerializer(serializers.ModelSerializer):
    licence_number = serializers.CharField(source="licence.number", read_only=True)

    class Meta:
        model = CampaignItem
        fields = ["id", "licence", "licence_number", "result", "inspected_on", "note"]


class CampaignSerializer(serializers.ModelSerializer):
    category = CategoryField()
    items = CampaignItemSerializer(many=True, read_only=True)

    class Meta:
        model = Campaign
        fields = ["id", "name", "category", "region", "started_on", "due_on", "basis", "status", "items"]
        read_only_fields = ["status"]


class ItemRecordSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    result = serializers.ChoiceField(choices=[c for c in CampaignItemResult.choices if c[0] != "pending"])
    inspected_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ProceedingViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Revocation proceedings (opened by failed re-inspections, campaigns, licence trading); `close`."""

    serializer_class = ProceedingSerializer
    selector = staticmethod(selectors.proceeding_list)

    def get_serializer_class(self):
        return ProceedingCloseSerializer if self.action == "close" else ProceedingSerializer

    @extend_schema(request=ProceedingCloseSerializer, responses=ProceedingSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk: str | None = None) -> Response:
        proceeding = self.get_object()
        s = ProceedingCloseSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        return Response(ProceedingSerializer(services.proceeding_close(acting_user=request.user, proceeding=proceeding,
                                                                       **s.validated_data)).data)


class CampaignViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Post-licence campaigns covering all licensees of a category; `record` stores one licensee's result."""

    serializer_class = CampaignSerializer
    selector = staticmethod(selectors.campaign_list)
    filterset_class = CampaignFilterSet

    def get_serializer_class(self):
        return {"record": ItemRecordSerializer, "draw": SupervisionDrawSerializer}.get(self.action, CampaignSerializer)

    @extend_schema(request=SupervisionDrawSerializer)
    @action(detail=False, methods=["post"], filterset_class=None)
    def draw(self, request) -> Response:
        """Commit a double-random draw among the category's licensees (executed in /api/v1/draws/)."""
        s = SupervisionDrawSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        result = services.supervision_draw(acting_user=request.user, **s.validated_data)
        return Response({"draw": result["draw"].pk, "pool": result["licences"],
                         "commitment": result["draw"].commitment}, status=status.HTTP_201_CREATED)

    def create(self, request, *args: Any, **kwargs: Any) -> Response:
        s = CampaignSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        campaign = services.campaign_create(acting_user=request.user, **s.validated_data)
        return Response(CampaignSerializer(campaign).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ItemRecordSerializer, responses=CampaignItemSerializer)
    @action(detail=True, methods=["post"])
    def record(self, request, pk: str | None = None) -> Response:
        campaign = self.get_object()
        s = ItemRecordSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        item = get_object_or_404(selectors.campaign_items(request.user, campaign), pk=data.pop("item"))
        return Response(CampaignItemSerializer(services.campaign_item_record(acting_user=request.user, item=item,
                                                                             **data)).data)


# --- catalogue, rules, SLA, worklists -----------------------------------------------------------------

class CatalogueSerializer(serializers.ModelSerializer):
    class Meta:
        model = CatalogueEntry
        fields = ["id", "category_code", "name", "valid_from", "valid_to", "issuing_level", "procedure",
                  "product_test_required", "food_related", "over_capacity_industry", "basis", "note"]


class CatalogueViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                       viewsets.ReadOnlyModelViewSet):
    """The dated licence catalogue; `required/?category=702.1&on=2016-06-01` answers whether a licence is needed."""

    serializer_class = CatalogueSerializer
    selector = staticmethod(selectors.catalogue_list)
    filterset_class = CatalogueFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        serializer.instance = services.catalogue_entry_save(acting_user=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.catalogue_entry_save(acting_user=self.request.user, instance=serializer.instance,
                                                            **serializer.validated_data)

    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def required(self, request) -> Response:
        category = get_object_or_404(ProductCategory, code=request.query_params.get("category", ""))
        try:
            on = dt.date.fromisoformat(request.query_params.get("on") or timezone.localdate().isoformat())
        except ValueError:
            return Response({"detail": "on: 日期格式应为 YYYY-MM-DD / date must be YYYY-MM-DD",
                             "errors": [{"field": "on", "reason": "YYYY-MM-DD"}]}, status=400)
        entry = selectors.catalogue_entry(category, on)
        return Response({"category": category.code, "on": on, "required": selectors.licence_required(category, on),
                         "entry": CatalogueSerializer(entry).data if entry else None})


class RulesSerializer(serializers.ModelSerializer):
    class Meta:
        model = RuleSet
        fields = ["refuse_over_capacity", "priority_restructuring", "exempt_onsite_no_relocation",
                  "restructuring_late_renewal_days", "revocation_bar_years", "renewal_window_months", "validity_years",
                  "verifier_min", "verifier_max", "verifier_qualification", "deadlines"]


class RulesViewSet(viewsets.ViewSet):
    """The configurable rules (one set): GET reads, PATCH changes (province staff)."""

    serializer_class = RulesSerializer

    def list(self, request) -> Response:
        if not may_read_bureau(request.user):
            raise PermissionDenied
        return Response(RulesSerializer(selectors.rules()).data)

    @extend_schema(request=RulesSerializer, responses=RulesSerializer)
    @action(detail=False, methods=["patch"], url_path="change")
    def change(self, request) -> Response:
        s = RulesSerializer(selectors.rules(), data=request.data, partial=True)
        s.is_valid(raise_exception=True)
        return Response(RulesSerializer(services.rules_update(acting_user=request.user, **s.validated_data)).data)


class WorklistViewSet(viewsets.ViewSet):
    """Bureau worklists: unlicensed producers (`unlicensed/?on=`), licence misuse (`misuse/`), SLA (`sla/`)."""

    serializer_class = serializers.Serializer

    def _guard(self, request) -> None:
        if not may_read_bureau(request.user):
            raise PermissionDenied

    @action(detail=False, methods=["get"])
    def unlicensed(self, request) -> Response:
        self._guard(request)
        try:
            on = dt.date.fromisoformat(request.query_params.get("on") or timezone.localdate().isoformat())
        except ValueError:
            return Response({"detail": "on: YYYY-MM-DD", "errors": [{"field": "on", "reason": "YYYY-MM-DD"}]}, status=400)
        cases = selectors.unlicensed_producers(request.user, on)
        return Response({"on": on, "count": len(cases), "results": [
            {"enterprise": c.enterprise.pk, "enterprise_name": c.enterprise.name, "uscc": c.enterprise.uscc,
             "category": c.category.code, "products": [p.pk for p in c.products], "reason": c.reason} for c in cases]})

    @action(detail=False, methods=["get"])
    def misuse(self, request) -> Response:
        self._guard(request)
        cases = selectors.licence_misuse(request.user)
        return Response({"count": len(cases), "results": [
            {"number": m.number, "holder": m.licence.holder_id, "holder_name": m.licence.holder_name,
             "used_by": m.used_by.pk if m.used_by else None, "used_by_name": m.used_by.name if m.used_by else "",
             "where": m.where, "object_id": m.obj.pk, "label": m.label} for m in cases]})

    @action(detail=False, methods=["get"])
    def sla(self, request) -> Response:
        self._guard(request)
        rows = selectors.sla_rows(request.user)
        return Response({"summary": selectors.sla_summary(request.user), "results": [
            {"application": r["application"].pk, "reference": r["application"].reference,
             "stage": r["application"].stage, "priority": r["application"].priority, "due": r["due"],
             "days_left": r["days_left"], "overdue": r["overdue"], "basis": r["application"].stage_due_basis}
            for r in rows]})


def register(router) -> None:
    router.register("licensing/licences", LicenceViewSet, basename="licence")
    router.register("licensing/applications", ApplicationViewSet, basename="licence-application")
    router.register("licensing/annual-reports", AnnualReportViewSet, basename="licence-annual-report")
    router.register("licensing/campaigns", CampaignViewSet, basename="licence-campaign")
    router.register("licensing/proceedings", ProceedingViewSet, basename="licence-proceeding")
    router.register("licensing/catalogue", CatalogueViewSet, basename="licence-catalogue")
    router.register("licensing/rules", RulesViewSet, basename="licence-rules")
    router.register("licensing/worklists", WorklistViewSet, basename="licence-worklist")
