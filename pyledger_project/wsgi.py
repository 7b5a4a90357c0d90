import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pyledger_project.settings.dev")
django_application = get_wsgi_application()

from pyledger_project.input_guard import WSGIGuard  # noqa: E402  (after Django is set up)
from pyledger_project.warm import warm_up  # noqa: E402

application = WSGIGuard(django_application)
warm_up()
