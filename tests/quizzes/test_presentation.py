"""The exam page's links, made once per page (quizzes.presentation.numbered_urls)."""


def test_numbered_urls_are_what_reverse_gives_for_each_number():
    from django.urls import reverse

    from quizzes.presentation import numbered_urls

    for name in ("quizzes:question", "quizzes:save"):
        urls = numbered_urls(name, 12, [1, 9, 65])
        assert urls == {n: reverse(name, args=[12, n]) for n in (1, 9, 65)}
