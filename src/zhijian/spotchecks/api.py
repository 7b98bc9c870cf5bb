"""REST endpoints of the spot-check loop. Thin: reads through selectors, every process step an
@action calling its service (agencies submit reports with their API token)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from zhijian.agencies.models import InspectionAgency
from zhijian.core.api import ScopedViewSetMixin
from zhijian.core.models import Region
from zhijian.registry.models import Brand, Enterprise, ProductCategory
from zhijian.spotchecks import selectors, services
from zhijian.spotchecks.choices import PlaceType, PlanLevel, RuleSet, Stage, Verdict
from zhijian.spotchecks.filtersets import (
    AnnouncementFilterSet,
    HandlingFilterSet,
    ObjectionFilterSet,
    PlanFilterSet,
    ResultFilterSet,
    TaskFilterSet,
)
from zhijian.spotchecks.models import (
    Announcement,
    AnnouncementRow,
    Handling,
    Objection,
    Plan,
    PlanItem,
    Quota,
    Task,
    TestReport,
    TestResult,
)
from zhijian.standards.models import Standard, TestItem

# --- serializers -------------------------------------------------------------------------------


class QuotaSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region_id")

    class Meta:
        model = Quota
        fields = ["id", "region", "stage", "count"]


class PlanItemSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.code")
    standards = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)
    test_items = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    quotas = QuotaSerializer(many=True, read_only=True)

    class Meta:
        model = PlanItem
        fields = ["id", "category", "standards", "test_items", "sample_quantity", "test_quantity", "backup_quantity",
                  "min_batch_base", "judgement_rule", "agency", "stages", "quotas"]


class PlanSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region_id", read_only=True)
    items = PlanItemSerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = ["id", "year", "batch", "title", "level", "organisation", "region", "rule_set", "follow_up",
                  "exclude_home_county", "budget", "starts_on", "ends_on", "status", "description", "items"]
        read_only_fields = ["organisation", "status"]


class PlanWriteSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    title = serializers.CharField(max_length=200)
    level = serializers.ChoiceField(choices=PlanLevel.choices)
    rule_set = serializers.ChoiceField(choices=RuleSet.choices, default=RuleSet.ORDER_18)
    batch = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    budget = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, default=0)
    follow_up = serializers.BooleanField(default=False)
    exclude_home_county = serializers.BooleanField(default=True)
    description = serializers.CharField(required=False, allow_blank=True, default="")


class PlanItemWriteSerializer(serializers.Serializer):
    category = serializers.SlugRelatedField(slug_field="code", queryset=ProductCategory.objects.all())
    standards = serializers.SlugRelatedField(slug_field="number", queryset=Standard.objects.all(), many=True)
    test_items = serializers.PrimaryKeyRelatedField(queryset=TestItem.objects.all(), many=True, required=False, default=list)
    sample_quantity = serializers.IntegerField(min_value=1)
    test_quantity = serializers.IntegerField(min_value=1)
    backup_quantity = serializers.IntegerField(min_value=0)
    min_batch_base = serializers.IntegerField(min_value=0, default=0)
    judgement_rule = serializers.CharField(required=False, allow_blank=True, default="")
    agency = serializers.PrimaryKeyRelatedField(queryset=InspectionAgency.objects.all(), required=False, allow_null=True)
    stages = serializers.ListField(child=serializers.ChoiceField(choices=Stage.choices), default=[Stage.PRODUCTION])


class QuotaWriteSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    region = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())
    stage = serializers.ChoiceField(choices=Stage.choices)
    count = serializers.IntegerField(min_value=1)


class ItemRefSerializer(serializers.Serializer):
    item = serializers.IntegerField()


class ResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = TestResult
        fields = ["name", "limit", "measured", "unit", "verdict", "safety_critical"]


class ReportSerializer(serializers.ModelSerializer):
    results = ResultSerializer(many=True, read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = TestReport
        fields = ["id", "number", "version", "is_retest", "issued_on", "verdict", "agency", "agency_name",
                  "correction_reason", "pdf_sha256", "results"]


class TaskSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    enterprise_uscc = serializers.CharField(source="enterprise.uscc", read_only=True)
    category = serializers.CharField(source="item.category.code", read_only=True)
    region = serializers.CharField(source="region_id", read_only=True)

    class Meta:
        model = Task
        fields = ["id", "code", "plan", "item", "category", "enterprise", "enterprise_name", "enterprise_uscc", "region",
                  "stage", "status", "verdict", "agency", "draw", "notified_on", "result_notified_on", "objection_due",
                  "handling_due", "concluded_on", "closed_on", "follow_up"]


class TaskDetailSerializer(TaskSerializer):
    reports = ReportSerializer(many=True, read_only=True)
    inspectors = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    sample = serializers.SerializerMethodField()

    class Meta(TaskSerializer.Meta):
        fields = [*TaskSerializer.Meta.fields, "inspectors", "sample", "reports", "refusal_reason"]

    def get_sample(self, task: Task) -> dict[str, Any] | None:
        sample = getattr(task, "sample", None)
        if sample is None:
            return None
        keys = ["product_name", "trademark", "model", "batch_number", "quantity", "test_quantity", "backup_quantity",
                "base_quantity", "place_type", "place_address", "shop_name", "order_number", "listing_url",
                "labelled_producer_name", "labelled_producer_address", "seller_name", "seal_numbers", "samplers"]
        data = {k: getattr(sample, k) for k in keys}
        data["sampled_on"] = sample.sampled_on.isoformat()
        data["standard"] = sample.standard.number if sample.standard else ""
        return data


class SampleWriteSerializer(serializers.Serializer):
    product_name = serializers.CharField(max_length=200, required=False)
    brand = serializers.SlugRelatedField(slug_field="name", queryset=Brand.objects.all(), required=False, allow_null=True)
    trademark = serializers.CharField(max_length=100, required=False, allow_blank=True)
    model = serializers.CharField(max_length=100)
    standard = serializers.SlugRelatedField(slug_field="number", queryset=Standard.objects.all(), required=False, allow_null=True)
    batch_number = serializers.CharField(max_length=60)
    production_date = serializers.DateField(required=False, allow_null=True)
    test_quantity = serializers.IntegerField(min_value=1, required=False)
    backup_quantity = serializers.IntegerField(min_value=0, required=False)
    base_quantity = serializers.IntegerField(min_value=0)
    place_type = serializers.ChoiceField(choices=PlaceType.choices)
    place_address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    shop_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    order_number = serializers.CharField(max_length=80, required=False, allow_blank=True)
    listing_url = serializers.URLField(max_length=500, required=False, allow_blank=True)
    labelled_producer = serializers.PrimaryKeyRelatedField(queryset=Enterprise.objects.all(), required=False, allow_null=True)
    labelled_producer_name = serializers.CharField(max_length=200, required=False)
    labelled_producer_address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    seller_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    seller_address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    seal_numbers = serializers.CharField(max_length=200)
    sampled_on = serializers.DateField(required=False)
    samplers = serializers.CharField(max_length=200, required=False)


class ResultWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    measured = serializers.CharField(max_length=200)
    limit = serializers.CharField(max_length=200, required=False, allow_blank=True)
    unit = serializers.CharField(max_length=30, required=False, allow_blank=True)
    verdict = serializers.ChoiceField(choices=[("pass", "pass"), ("fail", "fail"), ("na", "na")])


class ReportWriteSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=60)
    issued_on = serializers.DateField(required=False)
    results = ResultWriteSerializer(many=True)


class CorrectionSerializer(ReportWriteSerializer):
    reason = serializers.CharField(max_length=300)
    number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")


class ObjectionWriteSerializer(serializers.Serializer):
    disputed_items = serializers.ListField(child=serializers.CharField(max_length=100), min_length=1)
    reason = serializers.CharField()


class RefuseSerializer(serializers.Serializer):
    reason = serializers.CharField()
    unable = serializers.BooleanField(default=False)


class ObjectionSerializer(serializers.ModelSerializer):
    task_code = serializers.CharField(source="task.code", read_only=True)

    class Meta:
        model = Objection
        fields = ["id", "task", "task_code", "filed_on", "disputed_items", "reason", "status", "decision_reason",
                  "retest_agency", "decided_on"]


class AcceptSerializer(serializers.Serializer):
    retest_agency = serializers.PrimaryKeyRelatedField(queryset=InspectionAgency.objects.all())


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class HandlingSerializer(serializers.ModelSerializer):
    task_code = serializers.CharField(source="task.code", read_only=True)

    class Meta:
        model = Handling
        exclude = ["rectification_file", "created_at", "updated_at"]


class RectifySerializer(serializers.Serializer):
    report = serializers.CharField()


class VerdictSerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    on = serializers.DateField(required=False)


class DateSerializer(serializers.Serializer):
    on = serializers.DateField(required=False)


class RowSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region_id")
    region_name = serializers.CharField(source="region.name")
    announcement = serializers.IntegerField(source="announcement_id")

    class Meta:
        model = AnnouncementRow
        fields = ["announcement", "seq", "year", "producer_name", "producer_address", "sampled_unit_name", "region",
                  "region_name", "category_name", "product_name", "trademark", "model", "batch", "verdict",
                  "failed_items", "agency_name"]


class AnnouncementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Announcement
        fields = ["id", "plan", "number", "title", "period", "legal_basis", "notes", "status", "published_on",
                  "header", "organisation", "region"]


class AnnouncementWriteSerializer(serializers.Serializer):
    plan = serializers.IntegerField()
    title = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    number = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    period = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    notes = serializers.CharField(required=False, allow_blank=True, default="")


# --- viewsets ----------------------------------------------------------------------------------

class _ActionsMixin:
    detail_serializer: Any = None

    def payload(self, serializer_class, request) -> dict[str, Any]:
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def reread(self, obj, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=obj.pk)
        return Response(self.detail_serializer(fresh, context=self.get_serializer_context()).data, status=code)


class PlanViewSet(_ActionsMixin, ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    selector = selectors.plan_list
    serializer_class = PlanSerializer
    detail_serializer = PlanSerializer
    filterset_class = PlanFilterSet

    @extend_schema(request=PlanWriteSerializer, responses=PlanSerializer)
    def create(self, request, *args: Any, **kwargs: Any) -> Response:
        with transaction.atomic():
            plan = services.plan_create(acting_user=request.user, **self.payload(PlanWriteSerializer, request))
            return self.reread(plan, status.HTTP_201_CREATED)

    @extend_schema(request=PlanItemWriteSerializer, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def items(self, request, pk=None) -> Response:
        plan = self.get_object()
        services.plan_item_add(acting_user=request.user, plan=plan, **self.payload(PlanItemWriteSerializer, request))
        return self.reread(plan, status.HTTP_201_CREATED)

    @extend_schema(request=QuotaWriteSerializer, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def quotas(self, request, pk=None) -> Response:
        plan = self.get_object()
        data = self.payload(QuotaWriteSerializer, request)
        item = get_object_or_404(plan.items, pk=data.pop("item"))
        services.quota_set(acting_user=request.user, item=item, **data)
        return self.reread(plan)

    @extend_schema(request=None, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None) -> Response:
        return self.reread(services.plan_activate(acting_user=request.user, plan=self.get_object()))

    @extend_schema(request=ItemRefSerializer, responses=None)
    @action(detail=True, methods=["post"], url_path="draw-enterprises")
    def draw_enterprises(self, request, pk=None) -> Response:
        return self._commit(request, services.enterprise_draw_commit)

    @extend_schema(request=ItemRefSerializer, responses=None)
    @action(detail=True, methods=["post"], url_path="draw-inspectors")
    def draw_inspectors(self, request, pk=None) -> Response:
        return self._commit(request, services.inspector_draw_commit)

    def _commit(self, request, commit) -> Response:
        plan = self.get_object()
        item = get_object_or_404(plan.items, pk=self.payload(ItemRefSerializer, request)["item"])
        draw = commit(acting_user=request.user, item=item)
        return Response({"draw": draw.pk, "commitment": draw.commitment, "pool_sha256": draw.pool_sha256,
                         "url": f"/api/v1/draws/{draw.pk}/"}, status=status.HTTP_201_CREATED)

    @extend_schema(responses=None)
    @action(detail=True, methods=["get"])
    def overlaps(self, request, pk=None) -> Response:
        rows = selectors.overlaps(self.get_object())
        return Response([{"task": r["task"].code, "enterprise": r["task"].enterprise.name, "other_plan": r["other"].plan.title,
                          "other_level": r["other"].plan.level, "other_task": r["other"].code, "higher": r["higher"]}
                         for r in rows])


class TaskViewSet(_ActionsMixin, ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    selector = selectors.task_list
    serializer_class = TaskSerializer
    detail_serializer = TaskDetailSerializer
    filterset_class = TaskFilterSet

    def get_serializer_class(self):
        return TaskDetailSerializer if self.action != "list" else TaskSerializer

    def _step(self, request, fn, serializer_class=None) -> Response:
        task = self.get_object()
        kwargs = self.payload(serializer_class, request) if serializer_class else {}
        fn(acting_user=request.user, task=task, **kwargs)
        return self.reread(task)

    @extend_schema(request=None, responses=TaskDetailSerializer)
    @action(detail=True, methods=["post"])
    def notify(self, request, pk=None) -> Response:
        return self._step(request, services.task_notify)

    @extend_schema(request=SampleWriteSerializer, responses=TaskDetailSerializer)
    @action(detail=True, methods=["post"])
    def sample(self, request, pk=None) -> Response:
        return self._step(request, services.sample_record, SampleWriteSerializer)

    @extend_schema(request=RefuseSerializer, responses=TaskDetailSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None) -> Response:
        return self._step(request, services.task_refuse, RefuseSerializer)

    @extend_schema(request=None, responses=TaskDetailSerializer)
    @action(detail=True, methods=["post"])
    def receive(self, request, pk=None) -> Response:
        return self._step(request, services.sample_receive)

    @extend_schema(request=ReportWriteSerializer, responses=TaskDetailSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None) -> Response:
        return self._step(request, services.report_submit, ReportWriteSerializer)

    @extend_schema(request=CorrectionSerializer, responses=TaskDetailSerializer)
    @action(detail=True, methods=["post"], url_path="correct-report")
    def correct_report(self, request, pk=None) -> Response:
        task = self.get_object()
        data = self.payload(CorrectionSerializer, request)
        report = task.reports.filter(is_retest=False).order_by("-version").first()
        if report is None:
            return Response({"detail": "尚无报告 / no report yet", "errors": []}, status=status.HTTP_400_BAD_REQUEST)
        data.pop("issued_on", None)
        services.report_correct(acting_user=request.user, report=report, **data)
        return self.reread(task)

    @extend_schema(request=DateSerializer, responses=TaskDetailSerializer)
    @action(detail=True, methods=["post"], url_path="notify-result")
    def notify_result(self, request, pk=None) -> Response:
        task = self.get_object()
        services.result_notify(acting_user=request.user, task=task, served_on=self.payload(DateSerializer, request).get("on"))
        return self.reread(task)

    @extend_schema(request=ObjectionWriteSerializer, responses=ObjectionSerializer)
    @action(detail=True, methods=["post"])
    def objection(self, request, pk=None) -> Response:
        task = self.get_object()
        objection = services.objection_file(acting_user=request.user, task=task, **self.payload(ObjectionWriteSerializer, request))
        return Response(ObjectionSerializer(objection).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=TaskDetailSerializer)
    @action(detail=True, methods=["post"])
    def conclude(self, request, pk=None) -> Response:
        return self._step(request, services.task_conclude)

    @extend_schema(request=None, responses=HandlingSerializer)
    @action(detail=True, methods=["post"], url_path="start-handling")
    def start_handling(self, request, pk=None) -> Response:
        handling = services.handling_start(acting_user=request.user, task=self.get_object())
        return Response(HandlingSerializer(handling).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=TaskDetailSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None) -> Response:
        return self._step(request, services.task_close)


class ObjectionViewSet(_ActionsMixin, ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    selector = selectors.objection_list
    serializer_class = ObjectionSerializer
    detail_serializer = ObjectionSerializer
    filterset_class = ObjectionFilterSet

    @extend_schema(request=AcceptSerializer, responses=ObjectionSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None) -> Response:
        objection = self.get_object()
        services.objection_accept(acting_user=request.user, objection=objection, **self.payload(AcceptSerializer, request))
        return self.reread(objection)

    @extend_schema(request=ReasonSerializer, responses=ObjectionSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None) -> Response:
        objection = self.get_object()
        services.objection_reject(acting_user=request.user, objection=objection, **self.payload(ReasonSerializer, request))
        return self.reread(objection)

    @extend_schema(request=ReportWriteSerializer, responses=ObjectionSerializer)
    @action(detail=True, methods=["post"])
    def retest(self, request, pk=None) -> Response:
        objection = self.get_object()
        services.retest_submit(acting_user=request.user, objection=objection, **self.payload(ReportWriteSerializer, request))
        return self.reread(objection)


class HandlingViewSet(_ActionsMixin, ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    selector = selectors.handling_list
    serializer_class = HandlingSerializer
    detail_serializer = HandlingSerializer
    filterset_class = HandlingFilterSet

    def _step(self, request, fn, serializer_class=None) -> Response:
        handling = self.get_object()
        fn(acting_user=request.user, handling=handling, **(self.payload(serializer_class, request) if serializer_class else {}))
        return self.reread(handling)

    @extend_schema(request=RectifySerializer, responses=HandlingSerializer)
    @action(detail=True, methods=["post"])
    def rectify(self, request, pk=None) -> Response:
        return self._step(request, services.rectification_submit, RectifySerializer)

    @extend_schema(request=VerdictSerializer, responses=HandlingSerializer)
    @action(detail=True, methods=["post"])
    def reinspect(self, request, pk=None) -> Response:
        return self._step(request, services.reinspection_record, VerdictSerializer)

    @extend_schema(request=DateSerializer, responses=HandlingSerializer)
    @action(detail=True, methods=["post"])
    def announce(self, request, pk=None) -> Response:
        return self._step(request, services.handling_announce, DateSerializer)

    @extend_schema(request=VerdictSerializer, responses=HandlingSerializer)
    @action(detail=True, methods=["post"], url_path="second-reinspection")
    def second_reinspection(self, request, pk=None) -> Response:
        return self._step(request, services.second_reinspection_record, VerdictSerializer)

    @extend_schema(request=ReasonSerializer, responses=HandlingSerializer)
    @action(detail=True, methods=["post"])
    def refer(self, request, pk=None) -> Response:
        return self._step(request, services.handling_refer, ReasonSerializer)

    @extend_schema(request=None, responses=HandlingSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None) -> Response:
        return self._step(request, services.handling_close)


class AnnouncementViewSet(_ActionsMixin, ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    selector = selectors.announcement_list
    serializer_class = AnnouncementSerializer
    detail_serializer = AnnouncementSerializer
    filterset_class = AnnouncementFilterSet

    @extend_schema(request=AnnouncementWriteSerializer, responses=AnnouncementSerializer)
    def create(self, request, *args: Any, **kwargs: Any) -> Response:
        data = self.payload(AnnouncementWriteSerializer, request)
        plan = get_object_or_404(selectors.plan_list(request.user), pk=data.pop("plan"))
        return self.reread(services.announcement_create(acting_user=request.user, plan=plan, **data), status.HTTP_201_CREATED)

    @extend_schema(request=DateSerializer, responses=AnnouncementSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None) -> Response:
        announcement = self.get_object()
        services.announcement_publish(acting_user=request.user, announcement=announcement,
                                      on=self.payload(DateSerializer, request).get("on"))
        return self.reread(announcement)


class PublicResultViewSet(viewsets.ReadOnlyModelViewSet):
    """The public result list: every row of every published announcement, no login."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    serializer_class = RowSerializer
    filterset_class = ResultFilterSet

    def get_queryset(self):
        return selectors.public_results()


def register(router) -> None:
    from zhijian.spotchecks import analysis_views

    analysis_views.register(router)
    router.register("spotchecks/plans", PlanViewSet, basename="spotcheck-plan")
    router.register("spotchecks/tasks", TaskViewSet, basename="spotcheck-task")
    router.register("spotchecks/objections", ObjectionViewSet, basename="spotcheck-objection")
    router.register("spotchecks/handling", HandlingViewSet, basename="spotcheck-handling")
    router.register("spotchecks/announcements", AnnouncementViewSet, basename="spotcheck-announcement")
    router.register("public/spotcheck-results", PublicResultViewSet, basename="public-spotcheck-result")
