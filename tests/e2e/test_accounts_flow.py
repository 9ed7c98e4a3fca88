from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.conftest import PASSWORD


def test_new_user_signs_up_signs_out_signs_in_and_sees_dashboard(page):
    page.goto("/")
    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("E-mail").fill("lena@example.com")
    page.get_by_label("Display name").fill("Lena")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Lena")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()

    page.get_by_role("link", name="Sign in").first.click()
    page.get_by_label("E-mail").fill("lena@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Lena")


def test_repeated_wrong_passwords_lock_the_account(page, student):
    page.goto("/accounts/login/")
    for _ in range(4):
        page.get_by_label("E-mail").fill(student.email)
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_text("do not match an account")).to_be_visible()
    # The fifth failure locks the account for this address ...
    page.get_by_label("E-mail").fill(student.email)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Too many failed sign-in attempts")).to_be_visible()
    # ... so even the right password is refused during the cool-off.
    page.goto("/accounts/login/")
    page.get_by_label("E-mail").fill(student.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Too many failed sign-in attempts")).to_be_visible()
    page.goto("/dashboard/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_home_page_works_on_a_phone(phone_page):
    phone_page.goto("/")
    expect(phone_page.get_by_role("heading", level=1)).to_be_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page is wider than the phone screen: {width}px"
