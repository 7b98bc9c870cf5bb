import pytest
from django.urls import reverse

PASSWORD = "zhijian-demo"


@pytest.mark.django_db
def test_login_page_is_chinese(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "用户登录" in response.content.decode()


@pytest.mark.django_db
def test_home_requires_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.django_db
def test_login_then_home_shows_role_and_menu(client, people):
    response = client.post(reverse("login"), {"username": "xian", "password": PASSWORD}, follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "市局工作人员" in page
    assert "西安市市场监督管理局" in page


@pytest.mark.django_db
def test_brute_force_lockout(client, people):
    for _ in range(5):
        client.post(reverse("login"), {"username": "baoji", "password": "wrong-password"})
    response = client.post(reverse("login"), {"username": "baoji", "password": PASSWORD})
    assert response.status_code == 429
    assert "锁定" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_api_token_obtained_with_username_and_password(people):
    from rest_framework.test import APIClient

    from zhijian.audit.models import AuditEntry

    client = APIClient()
    response = client.post("/api/v1/auth/token/", {"username": "jianyan", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    assert AuditEntry.objects.filter(action="accounts.token.issue", actor_id=people["jianyan"].pk).exists()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/regions/").status_code == 200


@pytest.mark.django_db
def test_api_token_bad_password_names_reason(people):
    from rest_framework.test import APIClient

    response = APIClient().post("/api/v1/auth/token/", {"username": "jianyan", "password": "nope"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["errors"] and body["detail"]


@pytest.mark.django_db
def test_api_requires_authentication(client):
    response = client.get("/api/v1/regions/")
    assert response.status_code in (401, 403)
    assert "detail" in response.json()


@pytest.mark.django_db
def test_english_switch(client, people):
    client.post(reverse("login"), {"username": "sheng", "password": PASSWORD})
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()
