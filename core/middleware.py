from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers


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
