import gc
import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# Load the URL map (and with it every view, form and query module) now, then freeze what is
# loaded: `gc.freeze()` moves these long-lived objects (about 230,000) out of the cyclic
# garbage collector's reach, so a full collection no longer walks all of Django in the middle
# of a request (100+ ms; docs/benchmarks.md). CPython's documentation recommends it for
# servers that load once and then serve. gunicorn imports this module in each worker after
# forking (`make run` does not preload), so each worker freezes its own loaded heap.
import_module(settings.ROOT_URLCONF)
gc.freeze()
