"""A webmaster types Markdown into a standard's component and sees it as the site will show
it, beside the field, from the static script (no inline script)."""

import pytest

from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_the_preview_beside_a_markdown_field_follows_the_typing(
    page, live_server, make_user, make_service
):
    service = make_service()
    webmaster = make_user(role="webmaster")
    page.goto(f"{live_server}/admin/standard/edit/?id={service.standard_id}")
    page.fill("#username", webmaster.username)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/admin/standard/edit/**")

    page.fill("#requirements", "Syarat:\n1. Fotokopi KK\n2. Ketik CEK#<NIK>")
    preview = page.locator("#requirements + .markdown-preview")
    preview.locator("ol li").nth(1).wait_for()
    assert preview.locator("ol li").all_inner_texts() == ["Fotokopi KK", "Ketik CEK#<NIK>"]
    assert page.locator(".markdown-preview").count() == 14  # one beside every component
