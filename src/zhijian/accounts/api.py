from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from zhijian.accounts import selectors, services
from zhijian.accounts.models import Organisation
from zhijian.core.api import ScopedViewSetMixin


class ObtainTokenView(APIView):
    """POST username and password, receive a token for `Authorization: Token <key>`."""

    permission_classes = [AllowAny]
    authentication_classes: list = []
    serializer_class = AuthTokenSerializer

    @extend_schema(
        request=AuthTokenSerializer,
        responses=inline_serializer("TokenResponse", {"token": serializers.CharField()}),
    )
    def post(self, request):
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token = services.token_issue(acting_user=serializer.validated_data["user"])
        return Response({"token": token.key})


class OrganisationSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "kind_display", "level", "region", "uscc", "parent", "is_active"]


class OrganisationViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = OrganisationSerializer
    selector = staticmethod(selectors.organisation_list)
    filterset_fields = ["kind", "level", "region"]


def register(router) -> None:
    router.register("organisations", OrganisationViewSet, basename="organisation")

