"""API token authentication (kept apart from api.py: DRF imports it while loading its settings)."""

from __future__ import annotations

from rest_framework import authentication, exceptions


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication, loading the user's organisation in the same query (every
    scoped read needs it)."""

    def authenticate_credentials(self, key):
        model = self.get_model()
        try:
            token = model.objects.select_related("user__organisation").get(key=key)
        except model.DoesNotExist:
            raise exceptions.AuthenticationFailed("令牌无效 / invalid token") from None
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("用户已停用 / user inactive or deleted")
        return (token.user, token)
