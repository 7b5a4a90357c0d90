import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pyledger_project.settings.dev")
django_application = get_asgi_application()

from pyledger_project.input_guard import ASGIGuard  # noqa: E402  (after Django is set up)
from pyledger_project.warm import warm_up  # noqa: E402

application = ASGIGuard(django_application)
warm_up()
