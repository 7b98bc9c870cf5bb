from django.urls import path

from zhijian.accounts.api import ObtainTokenView

urlpatterns = [path("token/", ObtainTokenView.as_view(), name="api-token")]
