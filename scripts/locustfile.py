"""Load run over the main pages (logged in) and the JSON API; used by scripts/security_scan.sh.

Environment: COORDINATOR_USER, COORDINATOR_PASSWORD (a demo login), COORDINATOR_API_TOKEN (a read token).
"""

from __future__ import annotations

import os
import re

from locust import HttpUser, between, task

PAGES = ["/", "/courses/", "/trainees/", "/exchange/trainers", "/curricula/", "/equipment/", "/agro/",
         "/competitions/", "/meetings/", "/dashboard/", "/profile"]
API = ["/api/v1/courses", "/api/v1/trainees", "/api/v1/equipment", "/api/v1/meetings", "/api/v1/centres"]
CSRF = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')


class Officer(HttpUser):
    wait_time = between(0.1, 0.5)

    def on_start(self):
        page = self.client.get("/login", name="/login").text
        token = CSRF.search(page).group(1)
        with self.client.post("/login", name="/login [POST]", allow_redirects=False, catch_response=True,
                              data={"csrf_token": token, "username": os.environ["COORDINATOR_USER"],
                                    "password": os.environ["COORDINATOR_PASSWORD"]}) as response:
            if response.status_code != 302:
                response.failure(f"log-in failed: {response.status_code}")

    @task(5)
    def pages(self):
        for path in PAGES:
            self.client.get(path, name=path)

    @task(2)
    def api(self):
        headers = {"Authorization": f"Bearer {os.environ['COORDINATOR_API_TOKEN']}"}
        for path in API:
            self.client.get(path, name=path, headers=headers)
