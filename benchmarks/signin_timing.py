"""Does POST /api/v1/auth/token/ take longer for one kind of wrong sign-in than another?

    .venv/bin/python -m benchmarks.signin_timing [--requests 20]

An attacker who can tell "no such user" from "wrong password" by the answer's time can list the
accounts. The three failures below get the same 400 invalid_credentials; this prints how long each
takes with Django's default password hasher (PBKDF2, the one production uses; the tests use a fast
one). The lockouts and the throttle are lifted for the run so every request reaches the password
check. Requests alternate between the kinds so drift hits all alike. Printed, never asserted.
"""

from __future__ import annotations

import argparse
import statistics

from benchmarks._setup import bench_databases, configure, fmt_seconds, print_header, stats_line

KINDS = ("unknown user", "wrong password", "inactive user, right password", "right password (201)")


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--requests", type=int, default=20, help="timed requests per kind")
    args = parser.parse_args()
    configure("signin")

    import time

    from django.conf import settings
    from django.contrib.auth.models import User
    from django.test import override_settings
    from rest_framework.test import APIClient

    default_hashers = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    rest_framework = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"auth": "100000/min"}}
    with (
        bench_databases(),
        override_settings(
            PASSWORD_HASHERS=default_hashers, AXES_FAILURE_LIMIT=1_000_000, REST_FRAMEWORK=rest_framework
        ),
    ):
        print_header("Sign-in timing: POST /api/v1/auth/token/")
        password = "correct horse battery"  # noqa: S105  (a throwaway user of the run)
        User.objects.create_user(username="olga", password=password)
        User.objects.create_user(username="ivan", password=password, is_active=False)
        bodies = {
            KINDS[0]: {"username": "nobody", "password": password},
            KINDS[1]: {"username": "olga", "password": "wrong horse battery"},
            KINDS[2]: {"username": "ivan", "password": password},
            KINDS[3]: {"username": "olga", "password": password},
        }
        client = APIClient()
        samples: dict[str, list[float]] = {kind: [] for kind in KINDS}
        for round_ in range(args.requests + 2):  # the first two rounds warm up
            for kind in KINDS if round_ % 2 else reversed(KINDS):
                start = time.perf_counter()
                response = client.post("/api/v1/auth/token/", bodies[kind], format="json")
                elapsed = time.perf_counter() - start
                assert response.status_code == (201 if kind == KINDS[3] else 400), response.content
                if round_ >= 2:
                    samples[kind].append(elapsed)
    for kind in KINDS:
        print(stats_line(kind, samples[kind], width=32))
    medians = [statistics.median(samples[kind]) for kind in KINDS[:3]]
    print(f"\n  spread of the three failures' medians: {fmt_seconds(max(medians) - min(medians)).strip()}")


if __name__ == "__main__":
    main()
