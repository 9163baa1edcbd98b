from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import AuthenticatedRequest, Request
from core.markdown import render_markdown
from core.queries import access_api_token_for_user, page_by_slug
from core.services import do_create_api_token, do_mark_notifications_read, do_revoke_api_token


def how_it_works(request: Request) -> HttpResponse:
    page = page_by_slug("how-it-works")
    return render(
        request, "core/page.html", {"page": page, "body_html": render_markdown(page.body)}
    )


@login_required
def notifications(request: AuthenticatedRequest) -> HttpResponse:
    items = list(request.user.notifications.all()[:100])
    if request.method == "POST":
        do_mark_notifications_read(request.user)
        return redirect("core:notifications")
    return render(request, "core/notifications.html", {"items": items})


@login_required
def api_tokens(request: AuthenticatedRequest) -> HttpResponse:
    new_key = None
    if request.method == "POST":
        _token, new_key = do_create_api_token(request.user, request.POST.get("name", ""))
    tokens = request.user.api_tokens.all()
    return render(request, "core/api_tokens.html", {"tokens": tokens, "new_key": new_key})


@login_required
@require_POST
def api_token_revoke(request: AuthenticatedRequest, token_id: int) -> HttpResponse:
    token = access_api_token_for_user(request.user, token_id)
    do_revoke_api_token(token)
    messages.success(request, _("The token has been revoked."))
    return redirect("core:api_tokens")
