"""The API's Swagger UI and ReDoc render in a real browser with nothing from outside the
machine (drf-spectacular-sidecar), and a token from the account page works in "Authorize"."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_and_redoc_render_offline(page, live_server, screenshot, no_outside_requests):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/api/v1/schema/swagger/")
    page.wait_for_selector(".swagger-ui .opblock-summary-path", timeout=30_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert any("/api/v1/reports/{id}/submit/" in p.replace("\u200b", "") for p in paths)
    assert (
        page.locator(".swagger-ui .info .title").inner_text().startswith("街道党建工作报告平台 API")
    )
    assert page.locator("button.authorize").count() == 1
    screenshot("api_swagger_ui")

    page.goto(f"{live_server.url}/api/v1/schema/redoc/")
    page.wait_for_selector("text=/api/v1/units/", timeout=30_000)
    screenshot("api_redoc")
    assert errors == []


def test_an_official_creates_a_token_on_the_account_page(
    page, live_server, browser_login, screenshot, official, no_outside_requests
):
    from portal.api.models import ApiToken
    from portal.api.services import key_digest

    browser_login(official.username)
    page.click(f"text={official.username}")
    page.click("text=接口令牌")
    page.fill("input[name=name]", "区数据平台")
    page.click("button:has-text('创建令牌')")
    key = page.locator("#new-token-key").inner_text().strip()
    screenshot("api_token_created")
    assert ApiToken.objects.get(user=official).key_hash == key_digest(key)
    assert page.locator("td:has-text('区数据平台')").count() == 1
