"""The load benchmark's floor page renders the site layout without a single query."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.views.generic import TemplateView


@pytest.mark.django_db
def test_floor_page_renders_the_layout_with_no_query(django_assert_num_queries):
    request = RequestFactory().get("/banc/plancher/")
    request.user = AnonymousUser()
    view = TemplateView.as_view(template_name="lms/bench_floor.html")
    with django_assert_num_queries(0):
        response = view(request).render()
    assert response.status_code == 200
    assert "Page de référence du banc d'essai" in response.content.decode()
