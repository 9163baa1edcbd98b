from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _


class LanguageMiddleware:
    """Russian for everyone unless the person chose another language with the switch.

    The browser's Accept-Language is ignored on purpose: many people here use phones set to
    English while reading Russian, and the cluster speaks Russian first.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


class LongQueryMiddleware:
    """Answer an absurdly long query string with the site's own 414 page.

    Search boxes cap what can be typed (`maxlength`), so only a pasted or hand-made address
    gets here. gunicorn refuses request lines past --limit-request-line (8190 bytes, see the
    Makefile) before Django sees them; this limit sits well below that, so a person sees a
    page in their language with a way back instead of gunicorn's bare answer.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if len(request.META.get("QUERY_STRING", "")) > settings.MAX_QUERY_STRING_LENGTH:
            return render(request, "414.html", status=414)
        return self.get_response(request)


class MethodNotAllowedMiddleware:
    """Turn Django's empty English 405 into something a person or a script can act on.

    Form actions (`require_POST` views) are addresses people still reach with a GET: a login
    whose `next=` is the form that was being sent when the session expired, a shared or
    retyped link. Such a GET is sent to the nearest parent address on our site, where the
    form lives (`/projects/3/steps/` → `/projects/3/`), with a note that nothing was sent.
    Only the path is walked, never the query or a Host, so the redirect stays on the site.
    Other methods get the Russian 405 page; the API answers its usual JSON error.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405:
            return response
        allow = response.headers.get("Allow", "")
        if request.path.startswith("/api/"):
            if response.headers.get("Content-Type", "").startswith("application/json"):
                return response  # an endpoint's own JSON 405 already says why
            answer: HttpResponse = JsonResponse(
                {
                    "code": "method_not_allowed",
                    "message": _("This address does not accept %(method)s.")
                    % {"method": request.method},
                },
                status=405,
            )
        elif request.method in ("GET", "HEAD") and (parent := _parent_page(request.path)):
            messages.info(
                request,
                _("Nothing was sent: that address only receives a form. Here is the page with it."),
            )
            answer = HttpResponseRedirect(parent)
        else:
            answer = render(request, "405.html", status=405)
        if allow:
            answer.headers["Allow"] = allow
        return answer


def _parent_page(path: str) -> str | None:
    """Return the nearest shorter path of ours that resolves to a view, or None."""
    segments = [segment for segment in path.split("/") if segment]
    while segments:
        segments.pop()
        candidate = "/" + "".join(f"{segment}/" for segment in segments)
        try:
            resolve(candidate)
        except Resolver404:
            continue
        return candidate
    return None
