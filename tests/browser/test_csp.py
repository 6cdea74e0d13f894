"""Issue 10, finding 10: pages with charts render under the Content-Security-Policy with
no violation (the charts are drawn by static/js/charts.js, not by inline script)."""

import pytest

from initiatives.models import Summary
from initiatives.summaries.services.building import summaries_build_period
from tests.initiatives.summaries.summary_data import AS_OF, WEEK, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


@pytest.fixture
def csp_violations(page):
    """What the browser refused under the policy: its events and its console reports."""
    console: list[str] = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )

    def collected() -> list[str]:
        return page.evaluate("() => window.__cspViolations || []") + console

    return collected


def test_charts_render_with_no_csp_violation(
    page, live_server, browser_login, screenshot, no_outside_requests, csp_violations,
    reviewer, unit, other_unit, foreign_unit,
):  # fmt: skip
    build_world(unit, other_unit, foreign_unit)
    summaries_build_period(period_kind="week", period_start=WEEK, as_of=AS_OF)
    browser_login(reviewer.username)
    assert page.evaluate("() => Chart.getChart('dashboard-reviewer-chart') !== undefined")
    assert csp_violations() == []

    district = Summary.objects.get(scope_kind="district", region=unit.parent)
    response = page.goto(f"{live_server.url}{district.get_absolute_url()}")
    page.wait_for_load_state("networkidle")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert page.evaluate("() => Chart.getChart('rate-chart').data.datasets.length") == 2
    assert page.evaluate("() => Chart.getChart('progress-chart').data.datasets[0].data[0]") == 30
    # The labels come from the page's catalogue, through data attributes.
    assert page.evaluate("() => Chart.getChart('rate-chart').data.datasets[0].label") == (
        "报送率（%）"
    )
    screenshot("csp-summary-detail")
    assert csp_violations() == []

    # The language switch (formerly an inline onchange) still sends its form.
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("() => document.documentElement.lang") == "en"
    assert csp_violations() == []


def test_an_inline_script_would_be_refused(page, live_server, csp_violations):
    """The check above can fail: a script injected into the page is refused and seen."""
    page.goto(f"{live_server.url}/units/")
    page.evaluate(
        """() => { const s = document.createElement("script");
                   s.textContent = "window.__ran = true"; document.body.appendChild(s); }"""
    )
    assert page.evaluate("() => window.__ran === true") is False
    assert any("script-src" in violation for violation in csp_violations())
