"""REST endpoints under /api/v1/risk/... and the public feed /api/v1/public/warnings/.

Thin: process steps are @actions calling services; every write is read back through the
caller's selector. Errors are bilingual JSON naming the field (core.api.exception_handler).
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from zhijian.accounts.models import Organisation
from zhijian.core.api import ScopedViewSetMixin, StandardPagination
from zhijian.registry.models import Product
from zhijian.risk import matrix, selectors, services
from zhijian.risk.choices import HazardType, Measure, SourceType
from zhijian.risk.filtersets import (
    AlarmFilterSet,
    AssessmentFilterSet,
    ResponseTaskFilterSet,
    SignalFilterSet,
    SubscriptionFilterSet,
    WarningFilterSet,
)
from zhijian.risk.importers import SOURCES, import_signals
from zhijian.risk.models import Alarm, Assessment, Delivery, ResponseTask, Signal, Subscription, Warning


class RiskSignalSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region_id", read_only=True)
    source_type_display = serializers.CharField(source="get_source_type_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Signal
        fields = ["id", "source_type", "source_type_display", "external_ref", "received_at", "title", "description",
                  "product_name", "brand", "model", "gtin", "uscc", "enterprise_name", "category_name", "product",
                  "enterprise", "region", "country", "hazard_type", "injuries", "url", "attachments", "status",
                  "status_display", "duplicate_of", "link_method"]


class RiskSignalWriteSerializer(serializers.Serializer):
    source_type = serializers.ChoiceField(choices=SourceType.choices)
    title = serializers.CharField(max_length=300)
    region = serializers.CharField(max_length=6)
    received_at = serializers.DateTimeField(required=False)
    external_ref = serializers.CharField(max_length=80, required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)
    product_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    brand = serializers.CharField(max_length=100, required=False, allow_blank=True)
    model = serializers.CharField(max_length=200, required=False, allow_blank=True)
    gtin = serializers.CharField(max_length=14, required=False, allow_blank=True)
    uscc = serializers.CharField(max_length=18, required=False, allow_blank=True)
    enterprise_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    category_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    hazard_type = serializers.ChoiceField(choices=HazardType.choices, required=False)
    injuries = serializers.IntegerField(min_value=0, required=False)
    url = serializers.URLField(required=False, allow_blank=True)


class RiskLinkSerializer(serializers.Serializer):
    product = serializers.IntegerField()
    reason = serializers.CharField(required=False, allow_blank=True)


class RiskImportSerializer(serializers.Serializer):
    source = serializers.ChoiceField(choices=SOURCES)
    file = serializers.FileField()


class SignalViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Risk information from every source (search with ?q=, filters as on the list page)."""

    serializer_class = RiskSignalSerializer
    selector = staticmethod(selectors.signal_list)
    filterset_class = SignalFilterSet

    @extend_schema(request=RiskSignalWriteSerializer, responses=RiskSignalSerializer)
    def create(self, request, *args: Any, **kwargs: Any) -> Response:
        s = RiskSignalWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = dict(s.validated_data)
        signal = services.signal_create(acting_user=request.user, source_type=d.pop("source_type"),
                                        title=d.pop("title"), region=d.pop("region"), **d)
        return Response(RiskSignalSerializer(get_object_or_404(self.get_queryset(), pk=signal.pk)).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(request=RiskLinkSerializer, responses=RiskSignalSerializer)
    @action(detail=True, methods=["post"])
    def link(self, request, pk=None) -> Response:
        signal = self.get_object()
        s = RiskLinkSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        product = Product.objects.filter(pk=s.validated_data["product"]).first()
        if product is None:
            raise serializers.ValidationError({"product": "产品不存在 / no such product"})
        services.signal_link(acting_user=request.user, signal=signal, product=product,
                             reason=s.validated_data.get("reason", ""))
        return Response(RiskSignalSerializer(self.get_queryset().get(pk=signal.pk)).data)

    @extend_schema(request=RiskImportSerializer, responses={200: dict, 400: dict})
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser])
    def import_file(self, request) -> Response:
        """All-or-nothing import; 400 with the row/field report when the file is wrong."""
        s = RiskImportSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        upload = s.validated_data["file"]
        report = import_signals(acting_user=request.user, source=s.validated_data["source"], data=upload.read(),
                                filename=upload.name)
        body = report.as_dict()
        if not report.ok:
            body["detail"] = "文件有误，未导入任何数据 / the file has errors; nothing was imported"
        return Response(body, status=status.HTTP_200_OK if report.ok else status.HTTP_400_BAD_REQUEST)


class RiskScenarioSerializer(serializers.Serializer):
    hazard = serializers.CharField(required=False, allow_blank=True)
    consumer = serializers.CharField(required=False, default="general")
    severity = serializers.IntegerField(min_value=1, max_value=4)
    steps = serializers.ListField(child=serializers.CharField(), min_length=1)
    description = serializers.CharField(required=False, allow_blank=True)


class RiskAssessmentSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region_id", read_only=True)

    class Meta:
        model = Assessment
        fields = ["id", "title", "signal", "product", "region", "profile", "profile_version", "scenarios", "result",
                  "level", "result_hash", "conclusion", "assessed_by", "assessed_at"]


class RiskAssessmentWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300, required=False, allow_blank=True)
    signal = serializers.IntegerField(required=False)
    region = serializers.CharField(required=False)
    profile = serializers.ChoiceField(choices=sorted(matrix.PROFILES), default=matrix.DEFAULT_PROFILE)
    scenarios = RiskScenarioSerializer(many=True)
    conclusion = serializers.CharField(required=False, allow_blank=True)


class AssessmentViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = RiskAssessmentSerializer
    selector = staticmethod(selectors.assessment_list)
    filterset_class = AssessmentFilterSet

    @extend_schema(request=RiskAssessmentWriteSerializer, responses=RiskAssessmentSerializer)
    def create(self, request, *args: Any, **kwargs: Any) -> Response:
        s = RiskAssessmentWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = dict(s.validated_data)
        signal = None
        if d.get("signal"):
            signal = get_object_or_404(selectors.signal_list(request.user), pk=d["signal"])
        region = d.get("region") or (None if signal else getattr(request.user.organisation, "region_id", None))
        a = services.assessment_create(acting_user=request.user, title=d.get("title", ""),
                                       scenarios=[dict(x) for x in d["scenarios"]], profile=d["profile"],
                                       signal=signal, region=region, conclusion=d.get("conclusion", ""))
        return Response(RiskAssessmentSerializer(self.get_queryset().get(pk=a.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=dict)
    @action(detail=True, methods=["get"])
    def reproduce(self, request, pk=None) -> Response:
        """Recompute from the stored inputs and profile; `matches` tells whether the hash agrees."""
        return Response(services.assessment_reproduce(self.get_object()))


class RiskAlarmSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region_id", read_only=True)

    class Meta:
        model = Alarm
        fields = ["id", "series", "category_name", "brand", "region", "week", "count", "expected", "upper", "method",
                  "status", "reason", "decided_by", "decided_at", "warning"]


class RiskDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["confirm", "dismiss"])
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class AlarmViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = RiskAlarmSerializer
    selector = staticmethod(selectors.alarm_list)
    filterset_class = AlarmFilterSet

    @extend_schema(request=RiskDecisionSerializer, responses=RiskAlarmSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None) -> Response:
        alarm = self.get_object()
        s = RiskDecisionSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.alarm_decide(acting_user=request.user, alarm=alarm, **s.validated_data)
        return Response(RiskAlarmSerializer(self.get_queryset().get(pk=alarm.pk)).data)


class RiskTaskSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    warning_title = serializers.CharField(source="warning.title", read_only=True)

    class Meta:
        model = ResponseTask
        fields = ["id", "warning", "warning_title", "organisation", "organisation_name", "due", "status", "found",
                  "measures_taken", "units_withdrawn", "note", "reported_at", "escalation_level", "escalated_to",
                  "escalated_at"]


class RiskWarningSerializer(serializers.ModelSerializer):
    issuer_name = serializers.CharField(source="issuer.name", read_only=True)
    recipients = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    reach = serializers.SerializerMethodField()

    class Meta:
        model = Warning
        fields = ["id", "title", "kind", "level", "risk_level", "assessment", "signal", "issuer", "issuer_name",
                  "summary", "consumer_advice", "scope", "measures", "recipients", "public", "response_days", "status",
                  "published_at", "closed_at", "reach"]

    def get_reach(self, obj) -> dict:
        return selectors.warning_reach(obj)


class RiskWarningWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    summary = serializers.CharField()
    kind = serializers.ChoiceField(choices=["consumer", "recall", "internal"], default="consumer")
    level = serializers.ChoiceField(choices=["", "red", "orange", "yellow", "blue"], required=False, default="")
    assessment = serializers.IntegerField(required=False)
    consumer_advice = serializers.CharField(required=False, allow_blank=True, default="")
    scope = serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False)
    measures = serializers.ListField(child=serializers.ChoiceField(choices=Measure.choices), required=False)
    recipients = serializers.ListField(child=serializers.IntegerField(), required=False)
    public = serializers.BooleanField(default=False)
    response_days = serializers.IntegerField(min_value=1, max_value=60, required=False)


class WarningViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = RiskWarningSerializer
    selector = staticmethod(selectors.warning_list)
    filterset_class = WarningFilterSet

    @extend_schema(request=RiskWarningWriteSerializer, responses=RiskWarningSerializer)
    def create(self, request, *args: Any, **kwargs: Any) -> Response:
        s = RiskWarningWriteSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = dict(s.validated_data)
        if d.get("assessment"):
            d["assessment"] = get_object_or_404(selectors.assessment_list(request.user), pk=d["assessment"])
        ids = d.pop("recipients", [])
        recipients = list(Organisation.objects.filter(pk__in=ids))
        if len(recipients) != len(set(ids)):
            raise serializers.ValidationError({"recipients": "接收单位不存在 / unknown organisation"})
        w = services.warning_create(acting_user=request.user, recipients=recipients, **d)
        return Response(RiskWarningSerializer(self.get_queryset().get(pk=w.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=RiskWarningSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None) -> Response:
        w = self.get_object()
        services.warning_publish(acting_user=request.user, warning=w)
        return Response(RiskWarningSerializer(self.get_queryset().get(pk=w.pk)).data)

    @extend_schema(responses=RiskTaskSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def tasks(self, request, pk=None) -> Response:
        return Response(RiskTaskSerializer(self.get_object().tasks.select_related("organisation", "warning"), many=True).data)


class RiskReportSerializer(serializers.Serializer):
    found = serializers.BooleanField()
    measures_taken = serializers.ListField(child=serializers.ChoiceField(choices=Measure.choices), required=False,
                                           default=list)
    units_withdrawn = serializers.IntegerField(min_value=0, default=0)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ResponseTaskViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = RiskTaskSerializer
    selector = staticmethod(selectors.response_list)
    filterset_class = ResponseTaskFilterSet

    @extend_schema(request=RiskReportSerializer, responses=RiskTaskSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None) -> Response:
        task = self.get_object()
        s = RiskReportSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        services.task_report(acting_user=request.user, task=task, **s.validated_data)
        return Response(RiskTaskSerializer(self.get_queryset().get(pk=task.pk)).data)


class RiskSubscriptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Subscription
        fields = ["id", "organisation", "name", "categories", "brands", "gtins", "usccs", "webhook_url", "secret",
                  "inbox", "active"]
        read_only_fields = ["organisation", "secret"]


class RiskDeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = Delivery
        fields = ["id", "warning", "status", "attempts", "last_status_code", "last_error", "next_attempt_at",
                  "delivered_at", "log"]


class SubscriptionViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Subscriptions of the caller's organisation; the secret signs webhook bodies (HMAC-SHA256)."""

    serializer_class = RiskSubscriptionSerializer
    selector = staticmethod(selectors.subscription_list)
    filterset_class = SubscriptionFilterSet
    parser_classes = [JSONParser]

    def create(self, request, *args: Any, **kwargs: Any) -> Response:
        s = RiskSubscriptionSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        sub = services.subscription_create(acting_user=request.user, **s.validated_data)
        return Response(RiskSubscriptionSerializer(self.get_queryset().get(pk=sub.pk)).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        s = RiskSubscriptionSerializer(data=request.data, partial=kwargs.get("partial", False))
        s.is_valid(raise_exception=True)
        services.subscription_update(acting_user=request.user, instance=instance, **s.validated_data)
        return Response(RiskSubscriptionSerializer(self.get_queryset().get(pk=instance.pk)).data)

    def destroy(self, request, *args: Any, **kwargs: Any) -> Response:
        services.subscription_delete(acting_user=request.user, instance=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses=RiskDeliverySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def deliveries(self, request, pk=None) -> Response:
        return Response(RiskDeliverySerializer(self.get_object().deliveries.all()[:200], many=True).data)


class RiskPublicWarningSerializer(serializers.ModelSerializer):
    issuer = serializers.CharField(source="issuer.name")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Warning
        fields = ["id", "title", "kind", "level", "summary", "consumer_advice", "scope", "measures", "issuer",
                  "status", "published_at", "closed_at", "url"]

    def get_url(self, obj) -> str:
        from django.urls import reverse

        return reverse("portal:warning_detail", args=[obj.pk])


class PublicWarningViewSet(viewsets.ReadOnlyModelViewSet):
    """The public feed of published consumer warnings and recall notices (no login), newest first."""

    serializer_class = RiskPublicWarningSerializer
    permission_classes = [AllowAny]
    authentication_classes: list = []
    pagination_class = StandardPagination
    filterset_class = None

    def get_queryset(self):
        return selectors.public_warnings()


class RiskLevelSerializer(serializers.Serializer):
    severity = serializers.IntegerField(min_value=1, max_value=4)
    probability = serializers.CharField()
    profile = serializers.ChoiceField(choices=sorted(matrix.PROFILES), default=matrix.DEFAULT_PROFILE)


class RiskLevelViewSet(viewsets.ViewSet):
    """POST {severity, probability} -> the level and the sensitivity grid (the matrix, as a service)."""

    @extend_schema(request=RiskLevelSerializer, responses=dict)
    def create(self, request) -> Response:
        s = RiskLevelSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            p = matrix.parse_probability(s.validated_data["probability"])
            level = matrix.risk_level(s.validated_data["severity"], p, s.validated_data["profile"])
        except ValueError as exc:
            raise serializers.ValidationError({"probability": str(exc)}) from exc
        return Response({"level": level, "probability": str(p),
                         "profile_version": matrix.get_profile(s.validated_data["profile"]).version,
                         "sensitivity": matrix.sensitivity(s.validated_data["severity"], p, s.validated_data["profile"])})


def register(router) -> None:
    router.register("risk/signals", SignalViewSet, basename="risk-signal")
    router.register("risk/assessments", AssessmentViewSet, basename="risk-assessment")
    router.register("risk/alarms", AlarmViewSet, basename="risk-alarm")
    router.register("risk/warnings", WarningViewSet, basename="risk-warning")
    router.register("risk/responses", ResponseTaskViewSet, basename="risk-response")
    router.register("risk/subscriptions", SubscriptionViewSet, basename="risk-subscription")
    router.register("risk/level", RiskLevelViewSet, basename="risk-level")
    router.register("public/warnings", PublicWarningViewSet, basename="public-warning")
