"""PDFs find their fonts in production, where {% static %} gives the manifest's hashed names."""

from lms.pdf import link_callback


def test_hashed_static_name_resolves_to_the_source_file():
    path = link_callback("/static/fonts/DejaVuSans.4cc160d1da14.ttf", "")
    assert path.endswith("static/fonts/DejaVuSans.ttf")
    assert link_callback("/static/fonts/DejaVuSans.ttf", "") == path
