"""The ceiling the benchmarks compare against: what Django on this machine does for a signed-in request that
makes one indexed read and one small write, through the same middleware as every page. Mounted only by the
benchmark's own URL configuration (`bench/urls.py`), never by the site."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.views.decorators.http import require_POST

from quizzes.models import AttemptItem


@login_required
@require_POST
def ceiling(request, pk: int) -> HttpResponse:
    with transaction.atomic():
        item = AttemptItem.objects.filter(pk=pk).values_list("pk", "save_seq").first()  # one indexed read
        AttemptItem.objects.filter(pk=item[0]).update(seconds_spent=item[1] % 7)  # one small write
    return HttpResponse("ok", content_type="text/plain")
