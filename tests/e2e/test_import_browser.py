"""Import a file with an error, see the error, fix the file, import it."""

from __future__ import annotations

import pytest

from directory.tests.fixtures import FIXTURES

# The page fixture restores the provinces (a data migration) that other
# transactional tests empty.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def _upload_and_check(page, path):
    page.goto("/data/import/")
    page.locator("form[data-form=import-upload] input[type=file]").set_input_files(str(path))
    page.locator("form[data-form=import-upload] [type=submit]").click()
    page.wait_for_load_state()
    # The columns were recognised; accept them.
    assert page.locator("form[data-form=import-mapping] select").first.is_visible()
    page.locator("form[data-form=import-mapping] [type=submit]").click()
    page.wait_for_load_state()


def test_an_administrator_fixes_a_bad_row_and_imports_the_file(page, sign_in, alice):
    sign_in(page, alice)

    _upload_and_check(page, FIXTURES / "organisations_bad_row.csv")
    assert page.locator("[data-import-blocked]").is_visible()
    error = page.locator("[data-import-errors] tbody tr")
    assert error.count() == 1, error.all_inner_texts()
    assert error.get_attribute("data-row") == "4"
    text = error.inner_text()
    assert "4" in text and "ภาค" in text and "ภาคที่ไม่มีจริง" in text
    assert page.locator("[data-action=import-commit]").is_disabled()

    _upload_and_check(page, FIXTURES / "organisations_fixed.csv")
    assert page.locator("[data-import-blocked]").count() == 0
    assert page.locator("[data-count=new]").inner_text() == "3"
    page.locator("[data-action=import-commit]").click()
    page.wait_for_load_state()

    assert page.locator("[data-import-done]").is_visible()
    assert "3" in page.locator("[data-import-done]").inner_text()
    page.get_by_role("link", name="ห้องปฏิบัติการนโยบายเมืองน่าน").click()
    page.wait_for_load_state()
    assert "/organisations/" in page.url
    assert "ห้องปฏิบัติการนโยบายเมืองน่าน" in page.locator("main").inner_text()
