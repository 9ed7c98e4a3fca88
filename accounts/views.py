from __future__ import annotations

from axes.utils import reset as axes_reset
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods

from accounts import services as class_services
from accounts import throttle
from accounts.forms import JoinForm, ProfileForm, SignUpForm


@require_http_methods(["GET", "HEAD", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and throttle.signup_probes_exhausted(request):
        # Nothing is checked (the answer must not depend on the address), and what was typed stays in the form.
        form = SignUpForm(initial={k: request.POST.get(k, "") for k in ("email", "display_name")})
        return render(
            request, "accounts/signup.html", {"form": form, "refused": TOO_MANY_SIGNUPS}, status=429
        )
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, f"Welcome to Quizwright, {user.name}!")
        return redirect("dashboard")
    if form.taken:
        throttle.signup_probe_record(request)
    return render(request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200)


TOO_MANY_SIGNUPS = (
    "Too many sign-ups for addresses that already have an account came from your network in the last hour. "
    "If you have an account, sign in or reset your password; otherwise try again in an hour."
)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Profile saved.")
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form}, status=400 if form.errors else 200)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset view, throttled (accounts/throttle.py): a flood of requests sends no flood of mail."""

    success_url = reverse_lazy("accounts:password_reset_done")
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        verdict = throttle.reset_request(self.request, form.cleaned_data["email"])
        if verdict is throttle.ResetVerdict.REFUSE:
            form.add_error(
                None,
                "Too many password-reset requests came from your address in the last hour. "
                "Wait an hour and ask again; a link already sent to you still works.",
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        if verdict is throttle.ResetVerdict.SKIP:
            # Enough mail went to that account lately: say the same as always, send nothing more.
            return redirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password from the mailed link signs the learner in and lifts any sign-in lock on the account,
    so a lock caused by someone else's failures (a shared address) always has a way out."""

    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("dashboard")

    def form_valid(self, form):
        response = super().form_valid(form)
        axes_reset(username=form.user.email)
        messages.success(self.request, "Your new password is set and you are signed in.")
        return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def class_join(request: HttpRequest) -> HttpResponse:
    """A learner joins a class with the code their instructor gave them."""
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            classroom, joined = class_services.classroom_join(
                user=request.user, code=form.cleaned_data["code"]
            )
        except class_services.ClassroomError as error:
            form.add_error("code", str(error))
        else:
            _joined_message(request, classroom, joined)
            return redirect("dashboard")
    return render(request, "accounts/class_join.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def class_join_link(request: HttpRequest, code: str) -> HttpResponse:
    """The link an instructor shares: GET asks to confirm (a link followed by accident joins nothing), POST joins."""
    classroom = class_services.classroom_for_code(code)
    if classroom is None:
        messages.error(request, "That class link no longer works: ask your instructor for the class code.")
        return redirect("accounts:class_join")
    if request.method == "POST":
        try:
            classroom, joined = class_services.classroom_join(user=request.user, code=code)
        except class_services.ClassroomError as error:
            messages.error(request, str(error))
            return redirect("dashboard")
        _joined_message(request, classroom, joined)
        return redirect("dashboard")
    return render(request, "accounts/class_join_confirm.html", {"classroom": classroom})


def _joined_message(request, classroom, joined: bool) -> None:
    if joined:
        messages.success(request, f"You joined {classroom.name}. Its assignments are on your dashboard.")
    else:
        messages.info(request, f"You are already in {classroom.name}.")
